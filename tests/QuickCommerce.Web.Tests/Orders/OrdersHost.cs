using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>A customer account and an API client that sends its bearer token.</summary>
public sealed record SignedInCustomer(ApplicationUser Account, HttpClient Client)
{
    public Guid Id => Account.Id;
}

/// <summary>
/// One app and database for a test class. Every test makes its own store, products and customers,
/// so no test sees another's orders or stock; assertions on the database are scoped to those.
/// </summary>
public class OrdersHost : IAsyncLifetime
{
    private readonly ConcurrentBag<HttpClient> _clients = [];

    public TestDatabase Database { get; private set; } = null!;

    public QuickCommerceApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new QuickCommerceApp(Database);
        Configure(App);
        App.StartServer();
    }

    /// <summary>Settings a test class needs before the app starts.</summary>
    protected virtual void Configure(QuickCommerceApp app)
    {
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public async Task<SignedInCustomer> CustomerAsync()
    {
        var account = await TestAccounts.CreateAsync(App, Roles.Customer);
        var client = await TestAccounts.ClientForAsync(App, account);
        _clients.Add(client);
        return new SignedInCustomer(account, client);
    }

    /// <summary>
    /// Many customers at once, each with a bearer client. They have no password: they never sign
    /// in, and skipping the password hash (~100 ms of CPU each) makes a crowd of buyers cheap.
    /// </summary>
    public async Task<SignedInCustomer[]> CrowdAsync(int count)
    {
        var crowd = new SignedInCustomer[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var account = await TestAccounts.CreateWithoutPasswordAsync(App.Services, Roles.Customer, fullName: $"Crowd buyer {i}");
            var client = await TestAccounts.ClientForAsync(App, account);
            _clients.Add(client);
            crowd[i] = new SignedInCustomer(account, client);
        });
        return crowd;
    }

    /// <summary>A fresh client of the app with <paramref name="customer"/>'s token, for tests that need one client per try.</summary>
    public HttpClient ClientLike(SignedInCustomer customer)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = customer.Client.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>An approved, always-open store 300 m north of Indiranagar (min order ₹99, delivery ₹15) unless told otherwise.</summary>
    public async Task<Store> StoreAsync(string name = "Sharma Kirana", OpeningHours? hours = null, bool approved = true, bool acceptingOrders = true)
    {
        var store = DemoShop.Store(name, metresNorth: 300, hours, approved);
        store.SetAcceptingOrders(acceptingOrders);
        await using var db = Database.NewContext();
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        return store;
    }

    public async Task<Product> ProductAsync(Store store, string name, long pricePaise, int stock)
    {
        var product = DemoShop.Product(store, name, pricePaise, mrpPaise: pricePaise + 500, stock);
        await using var db = Database.NewContext();
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    public async Task<int> StockAsync(Product product)
    {
        await using var db = Database.NewContext();
        return await db.Products.AsNoTracking().Where(p => p.Id == product.Id).Select(p => p.Stock).SingleAsync();
    }

    public async Task<int[]> StocksAsync(params Product[] products)
    {
        var stocks = new int[products.Length];
        for (var i = 0; i < products.Length; i++)
        {
            stocks[i] = await StockAsync(products[i]);
        }

        return stocks;
    }

    /// <summary>The customer's orders as stored, with their lines and events.</summary>
    public async Task<List<Order>> OrdersOfAsync(Guid customerId)
    {
        await using var db = Database.NewContext();
        return await db.Orders.AsNoTracking()
            .Include(o => o.Lines)
            .Include(o => o.Events)
            .Where(o => o.CustomerId == customerId)
            .ToListAsync();
    }

    /// <summary>Every order placed at <paramref name="store"/>, with lines.</summary>
    public async Task<List<Order>> OrdersAtAsync(Store store)
    {
        await using var db = Database.NewContext();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.StoreId == store.Id).ToListAsync();
    }

    /// <summary>The order_events rows of one order, oldest first.</summary>
    public async Task<List<OrderEvent>> EventsOfAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        return await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == orderId).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>How many of (customer, key) the idempotency table remembers: 0 or 1.</summary>
    public async Task<int> RememberedKeysAsync(Guid customerId, Guid key)
    {
        await using var db = Database.NewContext();
        return await db.IdempotencyRecords.AsNoTracking().CountAsync(r => r.UserId == customerId && r.Key == key);
    }

    /// <summary>SUM(quantity) of every order line for the product, straight from order_lines.</summary>
    public async Task<long> OrderedQuantityAsync(Product product)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE product_id = @id", connection);
        command.Parameters.AddWithValue("id", product.Id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reads the product's stock on its own connection every few milliseconds until
    /// <paramref name="stop"/> fires, and returns the lowest value it saw.
    /// </summary>
    public async Task<int> LowestStockUntilAsync(Product product, CancellationToken stop)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT stock FROM products WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", product.Id);
        var lowest = int.MaxValue;
        while (!stop.IsCancellationRequested)
        {
            lowest = Math.Min(lowest, (int)(await command.ExecuteScalarAsync(CancellationToken.None))!);
            await Task.Delay(2, CancellationToken.None);
        }

        return Math.Min(lowest, (int)(await command.ExecuteScalarAsync(CancellationToken.None))!);
    }

    /// <summary>Moves an order on as the store would, through the domain's state machine.</summary>
    public async Task AcceptAsMerchantAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        var order = await db.Orders.Include(o => o.Events).SingleAsync(o => o.Id == orderId);
        order.TransitionTo(OrderStatus.Accepted, new Actor(ActorRole.Merchant, null), TimeProvider.System).IsSuccess.ShouldBeTrue();
        await db.SaveChangesAsync();
    }

    /// <summary>Suspends the account as an admin would: approval Suspended and a new security stamp.</summary>
    public async Task SuspendAsync(SignedInCustomer customer)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(customer.Id.ToString());
        account.ShouldNotBeNull();
        account.Approval = ApprovalStatus.Suspended;
        (await users.UpdateSecurityStampAsync(account)).Succeeded.ShouldBeTrue();
    }
}

/// <summary>
/// The app with its own log output silenced. A retry storm aborts hundreds of requests, and the
/// app logs each as an error with full stack traces on the synchronous console sink; on a small
/// test machine that logging alone slowed the server enough that retries with ≤ 300 ms timeouts
/// rarely finished. The races test correctness under load, not log throughput.
/// </summary>
public sealed class QuietOrdersHost : OrdersHost
{
    protected override void Configure(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var category in new[] { "Default", "Override:Microsoft.AspNetCore", "Override:Microsoft.EntityFrameworkCore", "Override:System.Net.Http" })
        {
            app.Settings[$"Serilog:MinimumLevel:{category}"] = "Fatal";
        }
    }
}
