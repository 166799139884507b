using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Realtime;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Realtime;

/// <summary>Two app instances on one database and one Redis, as behind nginx; started once for the class.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public QuickCommerceApp A { get; private set; } = null!;

    public QuickCommerceApp B { get; private set; } = null!;

    public Uri BAddress { get; private set; } = null!;

    public ApplicationUser Merchant { get; private set; } = null!;

    public Store Store { get; private set; } = null!;

    public Product Milk { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        A = new QuickCommerceApp(Database);
        B = new QuickCommerceApp(Database);
        BAddress = B.StartOnRealPort();
        Merchant = await TestAccounts.CreateAsync(A, Roles.Merchant);
        Store = new Store(Guid.NewGuid(), Merchant.Id, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        Store.Approve();
        Milk = DemoShop.Product(Store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 10_000);
        await using var db = Database.NewContext();
        db.Stores.Add(Store);
        db.Products.Add(Milk);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>
/// What happens on instance A reaches the screens connected to instance B, and a connection sees
/// only what its user may see. Each test signs in a customer of its own.
/// </summary>
public sealed class LiveEventsAcrossInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<HubConnection> _connections = [];
    private readonly TestDatabase _database = instances.Database;
    private readonly QuickCommerceApp _a = instances.A;
    private readonly QuickCommerceApp _b = instances.B;
    private readonly Uri _bAddress = instances.BAddress;
    private readonly ApplicationUser _merchant = instances.Merchant;
    private readonly Store _store = instances.Store;
    private readonly Product _milk = instances.Milk;
    private ApplicationUser _customer = null!;

    public async Task InitializeAsync() => _customer = await TestAccounts.CreateAsync(_a, Roles.Customer);

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_event_published_on_instance_A_reaches_a_SignalR_client_connected_to_instance_B()
    {
        var (_, received) = await ConnectToBAsync(_customer);

        await PublishOnAAsync(new LiveEvent("test.ping", [LiveGroups.User(_customer.Id)], new Dictionary<string, string> { ["n"] = "1" }, DateTimeOffset.UtcNow));

        var message = await NextAsync(received);
        message.GetProperty("type").GetString().ShouldBe("test.ping");
        message.GetProperty("data").GetProperty("n").GetString().ShouldBe("1");
    }

    [Fact]
    public async Task An_event_published_on_instance_A_reaches_a_circuit_on_instance_B()
    {
        var heard = new TaskCompletionSource<LiveEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = LiveGroups.Store(_store.Id);
        using var subscription = _b.Services.GetRequiredService<LiveEventBus>().Subscribe([group], e =>
        {
            heard.TrySetResult(e);
            return Task.CompletedTask;
        });

        await PublishOnAAsync(new LiveEvent("order.placed", [group], new Dictionary<string, string> { ["orderId"] = "x" }, DateTimeOffset.UtcNow));

        var liveEvent = await heard.Task.WaitAsync(Patience);
        liveEvent.Type.ShouldBe("order.placed");
        liveEvent.Data["orderId"].ShouldBe("x");
    }

    [Fact]
    public async Task An_order_placed_and_accepted_on_A_reaches_the_merchant_and_the_customer_on_B_and_the_customers_inbox()
    {
        var (_, merchantHears) = await ConnectToBAsync(_merchant);
        var (customerConnection, customerHears) = await ConnectToBAsync(_customer);

        using var shopper = await TestAccounts.ClientForAsync(_a, _customer);
        var orderId = await PlaceOnAAsync(shopper);

        // The store's standing group: the dashboard hears of the new order without asking.
        var placed = await NextOfTypeAsync(merchantHears, "order.placed", orderId);
        placed.GetProperty("data").GetProperty("totalPaise").GetString().ShouldBe("4800");

        (await customerConnection.InvokeAsync<bool>("Follow", LiveGroups.Order(orderId))).ShouldBeTrue();
        using var counter = await TestAccounts.ClientForAsync(_a, _merchant);
        (await counter.PostAsync($"/api/v1/orders/{orderId}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var accepted = await NextOfTypeAsync(customerHears, "order.status", orderId);
        accepted.GetProperty("data").GetProperty("status").GetString().ShouldBe("Accepted");

        // The inbox entry comes from the same job; its live "inbox" event carries the new unread count.
        var inbox = await NextOfTypeAsync(customerHears, "inbox");
        inbox.GetProperty("data").GetProperty("unread").GetString().ShouldBe("1");
        await using var db = _database.NewContext();
        var messages = await db.InboxMessages.Where(m => m.UserId == _customer.Id).ToListAsync();
        messages.Count.ShouldBe(1);
        messages[0].Title.ShouldBe("Order accepted");
        messages[0].Body.ShouldContain("Sri Balaji Kirana accepted your order");
        messages[0].Link.ShouldBe($"/orders/{orderId}");
    }

    [Fact]
    public async Task A_customer_may_follow_their_own_order_but_not_another_customers()
    {
        using var shopper = await TestAccounts.ClientForAsync(_a, _customer);
        var orderId = await PlaceOnAAsync(shopper);
        var stranger = await TestAccounts.CreateAsync(_a, Roles.Customer);
        var (strangerConnection, strangerHears) = await ConnectToBAsync(stranger);
        var (ownerConnection, _) = await ConnectToBAsync(_customer);

        (await ownerConnection.InvokeAsync<bool>("Follow", LiveGroups.Order(orderId))).ShouldBeTrue();
        (await strangerConnection.InvokeAsync<bool>("Follow", LiveGroups.Order(orderId))).ShouldBeFalse();
        (await strangerConnection.InvokeAsync<bool>("Follow", LiveGroups.Store(_store.Id))).ShouldBeFalse();
        (await strangerConnection.InvokeAsync<bool>("Follow", LiveGroups.User(_customer.Id))).ShouldBeFalse();
        (await strangerConnection.InvokeAsync<bool>("Follow", LiveGroups.AdminBoard)).ShouldBeFalse();
        (await strangerConnection.InvokeAsync<bool>("Follow", "order:not-a-guid")).ShouldBeFalse();

        // Events of the order do not reach the stranger; one of their own arrives first.
        await PublishOnAAsync(new LiveEvent("order.status", [LiveGroups.Order(orderId), LiveGroups.Store(_store.Id)], new Dictionary<string, string>(), DateTimeOffset.UtcNow));
        await PublishOnAAsync(new LiveEvent("own", [LiveGroups.User(stranger.Id)], new Dictionary<string, string>(), DateTimeOffset.UtcNow));
        (await NextAsync(strangerHears)).GetProperty("type").GetString().ShouldBe("own");
    }

    [Fact]
    public async Task A_merchant_hears_their_own_store_and_not_another()
    {
        var otherMerchant = await TestAccounts.CreateAsync(_a, Roles.Merchant);
        var (otherConnection, otherHears) = await ConnectToBAsync(otherMerchant);
        (await otherConnection.InvokeAsync<bool>("Follow", LiveGroups.Store(_store.Id))).ShouldBeFalse();
        var (_, ownerHears) = await ConnectToBAsync(_merchant);

        await PublishOnAAsync(new LiveEvent("order.placed", [LiveGroups.Store(_store.Id)], new Dictionary<string, string>(), DateTimeOffset.UtcNow));
        await PublishOnAAsync(new LiveEvent("own", [LiveGroups.User(otherMerchant.Id)], new Dictionary<string, string>(), DateTimeOffset.UtcNow));

        (await NextAsync(ownerHears)).GetProperty("type").GetString().ShouldBe("order.placed");
        (await NextAsync(otherHears)).GetProperty("type").GetString().ShouldBe("own");
    }

    [Fact]
    public async Task Suspending_an_account_on_A_closes_its_live_connection_on_B_and_it_cannot_come_back()
    {
        var (connection, _) = await ConnectToBAsync(_customer);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var admin = await TestAccounts.CreateAsync(_a, Roles.Admin);
        using var adminClient = await TestAccounts.ClientForAsync(_a, admin);

        using var suspended = await adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{_customer.Id}/suspend", new { reason = "Abusive chat with riders." });
        suspended.IsSuccessStatusCode.ShouldBeTrue();

        await closed.Task.WaitAsync(Patience);
        _b.Services.GetRequiredService<LiveConnections>().CountFor(_customer.Id).ShouldBe(0);
        var refused = await Should.ThrowAsync<HttpRequestException>(() => connection.StartAsync());
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_connection_without_an_account_is_refused()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_bAddress, "/hubs/live")).Build();
        _connections.Add(connection);

        var refused = await Should.ThrowAsync<HttpRequestException>(() => connection.StartAsync());
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_accepted_on_the_hub_only()
    {
        var token = await TestAccounts.AccessTokenAsync(_a, _customer);
        using var http = new HttpClient { BaseAddress = _bAddress };

        // What a browser's WebSocket/SSE request does: no header, the token in ?access_token=.
        using var negotiate = await http.PostAsync($"/hubs/live/negotiate?negotiateVersion=1&access_token={token}", null);
        negotiate.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var api = await http.GetAsync($"/api/v1/orders?access_token={token}");
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(HubConnection Connection, Channel<JsonElement> Received)> ConnectToBAsync(ApplicationUser user)
    {
        var token = await TestAccounts.AccessTokenAsync(_a, user);
        var received = Channel.CreateUnbounded<JsonElement>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_bAddress, "/hubs/live"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<JsonElement>(LiveHub.EventMethod, message => received.Writer.TryWrite(message));
        await connection.StartAsync();
        _connections.Add(connection);

        // Answered only once the standing groups are joined.
        (await connection.InvokeAsync<string[]>("Joined")).ShouldContain(LiveGroups.User(user.Id));
        return (connection, received);
    }

    private async Task PublishOnAAsync(LiveEvent liveEvent) =>
        await _a.Services.GetRequiredService<ILiveEvents>().PublishAsync(liveEvent, CancellationToken.None);

    private async Task<Guid> PlaceOnAAsync(HttpClient shopper) =>
        await OrderRequests.PlaceCreatedAsync(shopper, OrderRequests.For(_store, (_milk, 2)));

    private static async Task<JsonElement> NextAsync(Channel<JsonElement> received) =>
        await received.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>The next event of <paramref name="type"/> (about <paramref name="orderId"/>, if given), skipping others.</summary>
    private static async Task<JsonElement> NextOfTypeAsync(Channel<JsonElement> received, string type, Guid? orderId = null)
    {
        while (true)
        {
            var message = await NextAsync(received);
            if (message.GetProperty("type").GetString() == type
                && (orderId is null || message.GetProperty("data").GetProperty("orderId").GetString() == orderId.ToString()))
            {
                return message;
            }
        }
    }
}
