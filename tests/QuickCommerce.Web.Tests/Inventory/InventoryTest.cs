using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Inventory;

/// <summary>A merchant's approved, always-open shop and an API client signed in as its owner.</summary>
public sealed record Shop(Store Store, ApplicationUser Owner, HttpClient Client)
{
    public Guid Id => Store.Id;
}

/// <summary>
/// One app and database per test class; every test makes its own shop (and owner), so no test sees
/// another's products, ledger or jobs.
/// </summary>
public abstract class InventoryTest : AppTest, IDisposable
{
    private readonly ConcurrentBag<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected async Task<Shop> ShopAsync(string name = "Sharma Kirana")
    {
        var owner = await TestAccounts.CreateAsync(App, Roles.Merchant);
        var store = new Store(Guid.NewGuid(), owner.Id, name, "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(store);
            await db.SaveChangesAsync();
        }

        return new Shop(store, owner, await ClientAsync(owner));
    }

    protected async Task<HttpClient> ClientAsync(ApplicationUser user)
    {
        var client = await TestAccounts.ClientForAsync(App, user);
        _clients.Add(client);
        return client;
    }

    /// <summary>A product on the shop's shelf (category 1, "Atta &amp; Flours" unless told), with no ledger entries yet.</summary>
    protected async Task<Product> ProductAsync(
        Shop shop, string name = "Aashirvaad Atta", long pricePaise = 4500, long mrpPaise = 5000, int stock = 10, int threshold = 5, string? barcode = null, string unit = "5 kg", int categoryId = 1) =>
        await ShelfProducts.AddAsync(Database, shop.Id, name, pricePaise, mrpPaise, stock, threshold, barcode, unit, categoryId);

    protected async Task<Product> ProductFromDatabaseAsync(Guid productId)
    {
        await using var db = Database.NewContext();
        return await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId);
    }

    protected async Task<List<StockMovement>> LedgerRowsAsync(Guid productId)
    {
        await using var db = Database.NewContext();
        return await db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId).OrderBy(m => m.Id).ToListAsync();
    }

    protected async Task<List<Product>> ProductsOfAsync(Shop shop)
    {
        await using var db = Database.NewContext();
        return await db.Products.AsNoTracking().Where(p => p.StoreId == shop.Id).OrderBy(p => p.Name).ThenBy(p => p.Unit).ToListAsync();
    }

    /// <summary>The keys of "inventory.low-stock" jobs for the product, whatever their state (the app's worker may have run them).</summary>
    protected async Task<List<string>> LowStockJobsAsync(Guid productId)
    {
        await using var db = Database.NewContext();
        var prefix = $"inventory.low-stock:{productId:N}:";
        return await db.Jobs.AsNoTracking().Where(j => j.Key.StartsWith(prefix)).Select(j => j.Key).ToListAsync();
    }
}
