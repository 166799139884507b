using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// A shop (minimum order ₹99, delivery ₹15) with milk, atta, bread and two substitutes on its shelf,
/// its merchant, a customer, and another merchant with a shop of their own. The job worker does not
/// run: tests run the jobs they are about themselves, when they choose.
/// </summary>
public abstract class OrderChangesTest : AppTest, IDisposable
{
    protected Store Store { get; private set; } = null!;

    protected Product Milk { get; private set; } = null!;

    protected Product Atta { get; private set; } = null!;

    protected Product Bread { get; private set; } = null!;

    /// <summary>Another milk, ₹28, only 2 on the shelf.</summary>
    protected Product NandiniMilk { get; private set; } = null!;

    /// <summary>Another atta, ₹52, plenty on the shelf.</summary>
    protected Product ChakkiAtta { get; private set; } = null!;

    /// <summary>A product of the other merchant's shop.</summary>
    protected Product OtherShopsAtta { get; private set; } = null!;

    protected ApplicationUser CustomerAccount { get; private set; } = null!;

    protected HttpClient Customer { get; private set; } = null!;

    protected HttpClient OtherCustomer { get; private set; } = null!;

    protected HttpClient Shop { get; private set; } = null!;

    protected HttpClient OtherShop { get; private set; } = null!;

    public void Dispose()
    {
        Customer.Dispose();
        OtherCustomer.Dispose();
        Shop.Dispose();
        OtherShop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void Configure(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["Jobs:RunWorker"] = "false";
    }

    protected override async Task StartedAsync()
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        var otherMerchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        Store = ShopOf(merchant.Id, "Sri Balaji Kirana");
        var otherStore = ShopOf(otherMerchant.Id, "Lakshmi Stores");
        Milk = DemoShop.Product(Store, "Amul Taaza Milk", pricePaise: 3000, mrpPaise: 3000, stock: 100);
        Atta = DemoShop.Product(Store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: 100);
        Bread = DemoShop.Product(Store, "Modern Bread", pricePaise: 4000, mrpPaise: 4000, stock: 100);
        NandiniMilk = DemoShop.Product(Store, "Nandini Toned Milk", pricePaise: 2800, mrpPaise: 2800, stock: 2);
        ChakkiAtta = DemoShop.Product(Store, "Pillsbury Chakki Atta", pricePaise: 5200, mrpPaise: 5200, stock: 100);
        OtherShopsAtta = DemoShop.Product(otherStore, "Fortune Atta", pricePaise: 4800, mrpPaise: 4800, stock: 100);
        await using (var db = Database.NewContext())
        {
            db.Stores.AddRange(Store, otherStore);
            db.Products.AddRange(Milk, Atta, Bread, NandiniMilk, ChakkiAtta, OtherShopsAtta);
            await db.SaveChangesAsync();
        }

        CustomerAccount = await TestAccounts.CreateAsync(App, Roles.Customer);
        Customer = await TestAccounts.ClientForAsync(App, CustomerAccount);
        OtherCustomer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
        Shop = await TestAccounts.ClientForAsync(App, merchant);
        OtherShop = await TestAccounts.ClientForAsync(App, otherMerchant);
    }

    /// <summary>Places an order as the customer and returns its id.</summary>
    protected async Task<Guid> PlaceAsync(string ifUnavailable, params (Product Product, int Qty)[] lines) =>
        await OrderRequests.PlaceCreatedAsync(Customer, OrderRequests.For(Store, lines) with { IfUnavailable = ifUnavailable });

    /// <summary>The order's line ids by product, as stored.</summary>
    protected async Task<Dictionary<Guid, long>> LineIdsAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        return await db.OrderLines.AsNoTracking().Where(l => l.OrderId == orderId && l.SubstituteForLineId == null).ToDictionaryAsync(l => l.ProductId, l => l.Id);
    }

    protected Task<HttpResponseMessage> ProposeAsync(Guid orderId, object body, HttpClient? shop = null) =>
        (shop ?? Shop).PostAsJsonAsync($"/api/v1/orders/{orderId}/changes", body);

    /// <summary>Places milk × 2 and bread × 3, then the shop marks the milk unavailable.</summary>
    protected async Task<Guid> AwaitingCustomerAsync(string ifUnavailable)
    {
        var id = await PlaceAsync(ifUnavailable, (Milk, 2), (Bread, 3));
        var lines = await LineIdsAsync(id);
        using var proposed = await ProposeAsync(id, new { lines = new[] { new { lineId = lines[Milk.Id], qty = 0 } } });
        proposed.StatusCode.ShouldBe(HttpStatusCode.OK, await proposed.Content.ReadAsStringAsync());
        return id;
    }

    protected async Task<Order> OrderAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Events).AsSplitQuery().SingleAsync(o => o.Id == orderId);
    }

    protected async Task<int> StockAsync(Product product)
    {
        await using var db = Database.NewContext();
        return await db.Products.AsNoTracking().Where(p => p.Id == product.Id).Select(p => p.Stock).SingleAsync();
    }

    protected async Task<List<Job>> JobsOfAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        var id = orderId.ToString();
        return await db.Jobs.AsNoTracking().Where(j => j.Key.Contains(id)).ToListAsync();
    }

    /// <summary>Moves the customer's deadline (and the timeout job with it) into the past, as if the window had gone by.</summary>
    protected async Task ExpireDeadlineAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        var past = DateTimeOffset.UtcNow.AddSeconds(-1);
        (await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(set => set.SetProperty(o => o.ChangesDeadline, past))).ShouldBe(1);
        await db.Jobs.Where(j => j.Key == OrderChangesTimeoutHandler.KeyFor(orderId)).ExecuteUpdateAsync(set => set.SetProperty(j => j.RunAfter, past));
    }

    /// <summary>Runs the order's "order.changes-timeout" job's handler, in a scope of its own as the worker does.</summary>
    protected async Task RunTimeoutAsync(Guid orderId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Type == OrderChangesTimeoutHandler.JobType);
        var payload = JsonSerializer.Serialize(new OrderChangesTimedOut(orderId), JsonSerializerOptions.Web);
        await handler.HandleAsync(new JobContext(Guid.NewGuid(), OrderChangesTimeoutHandler.JobType, OrderChangesTimeoutHandler.KeyFor(orderId), payload, 1), CancellationToken.None);
    }

    /// <summary>Runs every due job once, as a worker would.</summary>
    protected async Task RunDueJobsAsync()
    {
        var worker = App.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync("test-worker", 10, CancellationToken.None) > 0)
        {
        }
    }

    protected static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Store ShopOf(Guid ownerId, string name)
    {
        var store = new Store(Guid.NewGuid(), ownerId, name, "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), new Money(9900), new Money(1500), DateTimeOffset.UnixEpoch);
        store.Approve();
        return store;
    }
}
