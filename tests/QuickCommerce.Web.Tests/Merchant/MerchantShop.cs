using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Checkout;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// A merchant's shop in Indiranagar with one product, a customer who orders from it and the
/// merchant's API client, for tests of the queue and its timers.
/// </summary>
public sealed class MerchantShop : IDisposable
{
    private MerchantShop(QuickCommerceApp app, ApplicationUser merchant, Store store, Product product, HttpClient merchantClient, HttpClient customerClient)
    {
        App = app;
        Merchant = merchant;
        Store = store;
        Product = product;
        MerchantClient = merchantClient;
        CustomerClient = customerClient;
    }

    public QuickCommerceApp App { get; }

    public ApplicationUser Merchant { get; }

    public Store Store { get; }

    public Product Product { get; }

    public HttpClient MerchantClient { get; }

    public HttpClient CustomerClient { get; }

    /// <summary>Opens a shop run by a new merchant, its product with <paramref name="stock"/> on the shelf.</summary>
    public static async Task<MerchantShop> OpenAsync(QuickCommerceApp app, TestDatabase database, int stock = 1000)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(database);
        var merchant = await TestAccounts.CreateAsync(app, Roles.Merchant);
        var store = new Store(Guid.NewGuid(), merchant.Id, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        var product = DemoShop.Product(store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: stock);
        await using (var db = database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.Add(product);
            await db.SaveChangesAsync();
        }

        var customer = await TestAccounts.CreateAsync(app, Roles.Customer);
        return new MerchantShop(app, merchant, store, product, await TestAccounts.ClientForAsync(app, merchant), await TestAccounts.ClientForAsync(app, customer));
    }

    /// <summary>Places an order of <paramref name="qty"/> atta delivered <paramref name="metresNorth"/> north of the shop; returns its id.</summary>
    public async Task<Guid> PlaceAsync(int qty = 1, double metresNorth = 500) =>
        await OrderRequests.PlaceCreatedAsync(CustomerClient, OrderRequests.For(Store, (Product, qty)) with
        {
            Address = "Flat 4, 12th Main, Indiranagar",
            Point = new PointInput(DemoShop.Indiranagar.Latitude + (metresNorth / 111_000.0), DemoShop.Indiranagar.Longitude),
            Note = "Ring twice",
        });

    public static async Task<Order> OrderAsync(TestDatabase database, Guid orderId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.Orders.AsNoTracking().Include(o => o.Events).SingleAsync(o => o.Id == orderId);
    }

    public async Task<int> StockAsync(TestDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.Products.AsNoTracking().Where(p => p.Id == Product.Id).Select(p => p.Stock).SingleAsync();
    }

    public void Dispose()
    {
        MerchantClient.Dispose();
        CustomerClient.Dispose();
    }
}
