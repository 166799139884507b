using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.Infrastructure.Persistence.Seed;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Seed;

/// <summary>
/// What someone trying the demo sees after the seeder has run. Every test reads the one city the
/// fixture seeded; tests that need to write (a second city, Production) use databases of their own.
/// </summary>
public sealed class DemoCitySeederTests(DemoCityFixture city) : IClassFixture<DemoCityFixture>
{
    private static readonly GeoPoint Indiranagar = GeoPoint.Create(12.9719, 77.6412).Value;

    [Fact]
    public async Task The_city_has_60_stores_of_which_58_are_approved_and_2_wait_for_approval()
    {
        await using var db = city.Database.NewContext();

        var approvals = await db.Stores.GroupBy(s => s.Approval).Select(g => new { Approval = g.Key, Count = g.Count() }).ToListAsync();

        approvals.Sum(a => a.Count).ShouldBe(60);
        approvals.ShouldContain(a => a.Approval == ApprovalStatus.Approved && a.Count == 58);
        approvals.ShouldContain(a => a.Approval == ApprovalStatus.Pending && a.Count == 2);
    }

    [Fact]
    public async Task Every_store_has_between_150_and_400_products()
    {
        await using var db = city.Database.NewContext();

        var perStore = await db.Stores
            .Select(s => new { s.Name, Products = db.Products.Count(p => p.StoreId == s.Id) })
            .ToListAsync();

        perStore.Count.ShouldBe(60);
        perStore.ShouldAllBe(s => s.Products >= 150 && s.Products <= 400);
    }

    [Fact]
    public async Task Every_product_has_a_positive_price_no_higher_than_its_mrp_and_no_negative_stock()
    {
        await using var db = city.Database.NewContext();

        (await db.Products.CountAsync()).ShouldBeGreaterThan(0);
        var wrong = await db.Products
            .Where(p => p.PricePaise <= 0 || p.PricePaise > p.MrpPaise || p.Stock < 0)
            .Select(p => p.Name + " " + p.Unit + ": price " + p.PricePaise + ", MRP " + p.MrpPaise + ", stock " + p.Stock)
            .Take(20)
            .ToListAsync();
        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task Stores_are_spread_over_at_least_six_localities()
    {
        await using var db = city.Database.NewContext();

        var localities = await db.Stores.Select(s => s.Locality).Distinct().ToListAsync();

        localities.Count.ShouldBeGreaterThanOrEqualTo(6, string.Join(", ", localities));
    }

    [Theory]
    [InlineData(DemoAccounts.Customer, Roles.Customer)]
    [InlineData(DemoAccounts.Merchant, Roles.Merchant)]
    [InlineData(DemoAccounts.Rider, Roles.Rider)]
    [InlineData(DemoAccounts.Admin, Roles.Admin)]
    public async Task Each_demo_account_signs_in_with_the_demo_password_and_has_its_role(string email, string role)
    {
        await using var services = city.Database.CreateServices();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        var user = await users.FindByEmailAsync(email);

        user.ShouldNotBeNull();
        (await users.IsInRoleAsync(user, role)).ShouldBeTrue();
        (await users.GetRolesAsync(user)).ShouldBe([role]);
        (await users.CheckPasswordAsync(user, "Demo@12345")).ShouldBeTrue();
        (await users.CheckPasswordAsync(user, "demo@12345")).ShouldBeFalse();
    }

    [Fact]
    public async Task The_demo_merchant_owns_exactly_one_store_and_it_is_approved()
    {
        await using var services = city.Database.CreateServices();
        await using var scope = services.CreateAsyncScope();
        var merchant = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoAccounts.Merchant);
        merchant.ShouldNotBeNull();
        await using var db = city.Database.NewContext();

        var owned = await db.Stores.Where(s => s.OwnerId == merchant.Id).ToListAsync();

        owned.Count.ShouldBe(1);
        owned[0].Approval.ShouldBe(ApprovalStatus.Approved);
    }

    [Fact]
    public async Task Seeding_a_second_fresh_database_gives_the_same_stores_and_products()
    {
        await using var second = await TestDatabase.CreateAsync();
        (await DemoCityFixture.SeedAsync(second)).ShouldBeTrue();

        var expected = await DemoCityFixture.SnapshotAsync(city.Database);
        var actual = await DemoCityFixture.SnapshotAsync(second);

        expected.Stores.Count.ShouldBe(60);
        actual.Stores.ShouldBe(expected.Stores);
        actual.Products.Count.ShouldBe(expected.Products.Count);

        // Compared row by row so a failure names the first product that differs, not 16,000 of them.
        var firstDifference = actual.Products.Zip(expected.Products).FirstOrDefault(pair => pair.First != pair.Second);
        firstDifference.ShouldBe(default);
    }

    [Fact]
    public async Task Seeding_again_returns_false_and_adds_nothing()
    {
        city.FirstSeedResult.ShouldBeTrue();
        await using var services = city.Database.CreateServices();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>();
        var before = await CountRowsAsync(db);

        // The seeder shares this scope's context, so a regression that does write is rolled back
        // with the transaction and cannot leak into the city the other tests read.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoCitySeeder>().SeedAsync(CancellationToken.None);
        var after = await CountRowsAsync(db);
        await transaction.RollbackAsync();

        seeded.ShouldBeFalse();
        after.ShouldBe(before);
    }

    [Fact]
    public async Task An_interrupted_seed_leaves_nothing_behind_and_the_next_start_seeds_the_whole_city()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var services = database.CreateServices())
        {
            await using var scope = services.CreateAsyncScope();
            // The app stopping a second into the ~8 s seed.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Should.ThrowAsync<OperationCanceledException>(
                () => scope.ServiceProvider.GetRequiredService<DemoCitySeeder>().SeedAsync(stopping.Token));
        }

        await using (var db = database.NewContext())
        {
            (await CountRowsAsync(db)).ShouldBe(new RowCounts(0, 0, 0, 0));
        }

        (await DemoCityFixture.SeedAsync(database)).ShouldBeTrue();
        await using (var db = database.NewContext())
        {
            (await db.Stores.CountAsync()).ShouldBe(DemoCitySeeder.StoreCount);
        }
    }

    [Fact]
    public async Task In_production_seeding_throws_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        await Should.ThrowAsync<InvalidOperationException>(() => DemoCityFixture.SeedAsync(database, "Production"));

        await using var db = database.NewContext();
        (await CountRowsAsync(db)).ShouldBe(new RowCounts(0, 0, 0, 0));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(9, 0)]
    [InlineData(14, 0)]
    [InlineData(22, 30)]
    public async Task A_customer_in_Indiranagar_sees_at_least_three_open_stores_at_any_hour(int hour, int minute)
    {
        var stores = await FindNearIndiranagarAsync(FixedClock.Ist(2026, 11, 25, hour, minute), includeClosed: false);

        stores.Count.ShouldBeGreaterThanOrEqualTo(3);
        stores.ShouldAllBe(s => s.IsOpen);
    }

    [Fact]
    public async Task At_three_in_the_morning_some_stores_near_Indiranagar_are_closed_and_say_when_they_open()
    {
        var now = FixedClock.Ist(2026, 11, 25, 3);

        var stores = await FindNearIndiranagarAsync(now, includeClosed: true);

        var closed = stores.Where(s => !s.IsOpen).ToList();
        closed.ShouldNotBeEmpty();
        closed.ShouldAllBe(s => s.OpensAt != null && s.OpensAt > now && s.OpensAt < now.AddHours(12));
    }

    [Theory]
    [InlineData("doodh")]
    [InlineData("chawal")]
    [InlineData("atta")]
    [InlineData("paneer")]
    [InlineData("maggi")]
    public async Task Products_are_found_by_their_everyday_hinglish_name(string word)
    {
        await using var connection = await city.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM products WHERE search_vector @@ plainto_tsquery('simple', @word)", connection);
        command.Parameters.AddWithValue("word", word);

        var matches = (long)(await command.ExecuteScalarAsync())!;

        matches.ShouldBeGreaterThan(0);
    }

    private async Task<IReadOnlyList<NearbyStore>> FindNearIndiranagarAsync(DateTimeOffset now, bool includeClosed)
    {
        await using var db = city.Database.NewContext();
        return await new NearbyStoresQuery(db, new FixedClock(now))
            .FindAsync(Indiranagar, NearbyStoresQuery.DefaultRadiusKm, includeClosed, CancellationToken.None);
    }

    private static async Task<RowCounts> CountRowsAsync(QuickCommerceDbContext db) => new(
        await db.Stores.CountAsync(),
        await db.Products.CountAsync(),
        await db.Users.CountAsync(),
        await db.UserRoles.CountAsync());

    private sealed record RowCounts(int Stores, int Products, int Users, int UserRoles);
}
