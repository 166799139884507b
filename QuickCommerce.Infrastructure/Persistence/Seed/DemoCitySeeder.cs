using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Infrastructure.Persistence.Seed;

/// <summary>The demo accounts the README lists, one per role.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo@12345";
    public const string Customer = "customer@demo.in";
    public const string Merchant = "merchant@demo.in";
    public const string Rider = "rider@demo.in";
    public const string Admin = "admin@demo.in";
}

/// <summary>
/// Fills an empty database with a deterministic demo city: about 60 kirana stores across real
/// Bengaluru neighbourhoods, each with 150-400 products, and one account per role. The same seed
/// always yields the same stores, products, prices and stock. Refuses to run in Production.
/// </summary>
public sealed partial class DemoCitySeeder(
    QuickCommerceDbContext db,
    UserManager<ApplicationUser> users,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DemoCitySeeder> logger)
{
    /// <summary>The fixed random seed: change it and the whole demo city changes.</summary>
    public const int RandomSeed = 20_261_125;

    /// <summary>How many stores the demo city has.</summary>
    public const int StoreCount = 60;

    /// <summary>How many of them still wait for an admin's approval (and so are hidden from customers).</summary>
    public const int PendingStoreCount = 2;

    /// <summary>Seeds once; returns false when the demo city is already there.</summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction())
        {
            throw new InvalidOperationException("The demo city is never seeded in Production.");
        }

        if (await users.FindByEmailAsync(DemoAccounts.Merchant) is not null)
        {
            LogAlreadySeeded(logger);
            return false;
        }

        // All or nothing: an interrupted seed must not leave accounts without their stores,
        // or the "already seeded" check above would keep a half-built city for good.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var random = new Random(RandomSeed);
        var hasher = new PasswordHasher<ApplicationUser>();

        await CreateAccountAsync(DemoAccounts.Customer, "Asha Customer", "+919900000001", Roles.Customer, hasher, now);
        var merchant = await CreateAccountAsync(DemoAccounts.Merchant, "Ravi Merchant", "+919900000002", Roles.Merchant, hasher, now);
        await CreateAccountAsync(DemoAccounts.Rider, "Imran Rider", "+919900000003", Roles.Rider, hasher, now);
        await CreateAccountAsync(DemoAccounts.Admin, "Meera Admin", "+919900000004", Roles.Admin, hasher, now);

        var categoryIds = await db.Categories.ToDictionaryAsync(c => c.Name, c => c.Id, cancellationToken);
        for (var index = 0; index < StoreCount; index++)
        {
            var owner = index == 0
                ? merchant
                : await CreateAccountAsync($"merchant{index + 1}@demo.in", $"Store Owner {index + 1}", $"+9199000{10000 + index:D5}", Roles.Merchant, hasher, now);
            var store = MakeStore(index, owner.Id, random, now);
            db.Stores.Add(store);
            db.Products.AddRange(MakeProducts(store.Id, random, categoryIds));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        LogSeeded(logger, StoreCount);
        return true;
    }

    private async Task<ApplicationUser> CreateAccountAsync(
        string email, string name, string phone, string role, PasswordHasher<ApplicationUser> hasher, DateTimeOffset now)
    {
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            PhoneNumber = phone,
            PhoneNumberConfirmed = true,
            FullName = name,
            Role = role,
            Approval = ApprovalStatus.Approved,
            CreatedAt = now,
            ApprovalChangedAt = now,
        };

        // Hashing costs ~100 ms; every demo account shares the one password, so hash it once.
        user.PasswordHash = SharedHash ??= hasher.HashPassword(user, DemoAccounts.Password);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo account {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }

    private string? SharedHash { get; set; }

    private static Store MakeStore(int index, Guid ownerId, Random random, DateTimeOffset now)
    {
        // The first store (merchant@demo.in's) sits in Indiranagar near its centre and never closes,
        // so the demo order loop works at any hour; Indiranagar also gets more stores than the rest.
        var neighbourhoods = DemoCityData.Neighbourhoods;
        var area = index < 12 ? neighbourhoods[0] : neighbourhoods[index % neighbourhoods.Count];
        var spread = index == 0 ? 150 : area.SpreadMetres;
        var location = Scatter(area, spread, random);

        var prefix = DemoCityData.StoreNamePrefixes[random.Next(DemoCityData.StoreNamePrefixes.Count)];
        var suffix = DemoCityData.StoreNameSuffixes[random.Next(DemoCityData.StoreNameSuffixes.Count)];
        var street = area.Streets[random.Next(area.Streets.Length)];
        var hours = (index % 10) switch
        {
            0 or 5 => OpeningHours.AllDay(),
            7 => OpeningHours.Daily(new TimeOnly(8, 0), new TimeOnly(21, 0)),
            3 => OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(1, 0)),
            _ => OpeningHours.Daily(new TimeOnly(6, 0), new TimeOnly(23, 30)),
        };
        int[] minimums = [0, 9900, 14900, 19900];
        int[] fees = [0, 1500, 2500];

        var store = new Store(
            NextGuid(random),
            ownerId,
            $"{prefix} {suffix}",
            $"#{random.Next(1, 600)}, {street}, {area.Name}, Bengaluru",
            area.Name,
            area.Pincode,
            $"+9180{random.Next(20000000, 99999999)}",
            location,
            deliveryRadiusMetres: index == 0 ? 5000 : 2000 + (random.Next(0, 7) * 500),
            hours,
            new Money(minimums[random.Next(minimums.Length)]),
            new Money(fees[random.Next(fees.Length)]),
            now);
        if (index < StoreCount - PendingStoreCount)
        {
            store.Approve();
        }

        return store;
    }

    private static IEnumerable<Product> MakeProducts(Guid storeId, Random random, Dictionary<string, int> categoryIds)
    {
        var catalogue = DemoCityData.Catalogue;
        var count = Math.Min(catalogue.Count, random.Next(150, 401));
        var picked = Enumerable.Range(0, catalogue.Count).OrderBy(_ => random.Next()).Take(count).Order();
        foreach (var i in picked)
        {
            var item = catalogue[i];
            var discountPercent = random.Next(0, 4) == 0 ? random.Next(1, 13) : 0;
            var pricePaise = Math.Max(100, item.MrpPaise * (100 - discountPercent) / 100 / 100 * 100);
            var stock = random.Next(0, 20) == 0 ? 0 : random.Next(3, 81);
            yield return new Product(
                NextGuid(random),
                storeId,
                categoryIds[item.Category],
                item.Name,
                item.HindiName,
                item.Brand,
                item.Unit,
                new Money(Math.Min(pricePaise, item.MrpPaise)),
                new Money(item.MrpPaise),
                stock,
                item.Barcode);
        }
    }

    private static GeoPoint Scatter(Neighbourhood area, double spreadMetres, Random random)
    {
        // Uniform over a disc: sqrt for the distance, so stores do not bunch at the centre.
        var distance = spreadMetres * Math.Sqrt(random.NextDouble());
        var bearing = random.NextDouble() * 2 * Math.PI;
        const double metresPerDegreeLatitude = 111_320;
        var dLat = distance * Math.Cos(bearing) / metresPerDegreeLatitude;
        var dLng = distance * Math.Sin(bearing) / (metresPerDegreeLatitude * Math.Cos(area.Latitude * Math.PI / 180));
        return GeoPoint.Create(area.Latitude + dLat, area.Longitude + dLng).Value;
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo city already seeded; nothing to do")]
    private static partial void LogAlreadySeeded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo city with {StoreCount} stores")]
    private static partial void LogSeeded(ILogger logger, int storeCount);
}
