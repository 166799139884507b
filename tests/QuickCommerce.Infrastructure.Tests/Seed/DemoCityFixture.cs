using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Infrastructure.Persistence.Seed;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Seed;

/// <summary>
/// One seeded demo city shared by a test class: seeding takes seconds, so the read-only
/// assertions look at the same database instead of each seeding their own.
/// </summary>
public sealed class DemoCityFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    /// <summary>What the first <see cref="DemoCitySeeder.SeedAsync"/> on the fresh database returned.</summary>
    public bool FirstSeedResult { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        FirstSeedResult = await SeedAsync(Database);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>Runs the seeder the way the app does: resolved from a scope of the app's own services.</summary>
    public static async Task<bool> SeedAsync(TestDatabase database, string environmentName = "Testing")
    {
        await using var services = database.CreateServices(environmentName);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DemoCitySeeder>().SeedAsync(CancellationToken.None);
    }

    /// <summary>The stores and products a customer would browse, in a fixed order, for comparing two cities.</summary>
    public static async Task<CitySnapshot> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var stores = (await db.Stores.AsNoTracking().OrderBy(s => s.Id).ToListAsync())
            .Select(s => new StoreRow(s.Id, s.Name, s.Location.Y, s.Location.X))
            .ToList();
        var products = await db.Products.AsNoTracking()
            .OrderBy(p => p.Id)
            .Select(p => new ProductRow(p.Id, p.Name, p.PricePaise, p.Stock))
            .ToListAsync();
        return new CitySnapshot(stores, products);
    }
}

public sealed record StoreRow(Guid Id, string Name, double Latitude, double Longitude);

public sealed record ProductRow(Guid Id, string Name, long PricePaise, int Stock);

public sealed record CitySnapshot(IReadOnlyList<StoreRow> Stores, IReadOnlyList<ProductRow> Products);
