using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;
using QuickCommerce.Web.Features.Notifications;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>
/// The dashboard page's alarm, as on a circuit: the real database and live event bus, the browser's
/// alarm module faked. A waiting order rings; an acknowledgement here or on another device stops it.
/// </summary>
public sealed class MerchantHomeAlertTests : DatabaseComponentTest
{
    private const string Module = "./js/merchant-alert.js";

    private BunitJSModuleInterop _alarm = null!;
    private Guid _merchantId;
    private Guid _customerId;
    private Store _store = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // The page runs on infrastructure in bUnit's own container, so its live events and jobs are the circuit's;
        // the base's Infrastructure only makes the accounts.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestServices.Configuration(Database.ConnectionString)).Build();
        Services.AddLogging();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "QuickCommerce.Tests" });
        Services.AddInfrastructure(configuration);
        Services.AddScoped<MerchantOrders>();
        Services.AddScoped<OrderMoves>();
        Services.AddScoped<Inbox>();

        _alarm = JSInterop.SetupModule(Module);
        _alarm.Mode = JSRuntimeMode.Loose;
        _alarm.Setup<string>("start", _ => true).SetResult("suspended");
        _alarm.Setup<string>("unlock", _ => true).SetResult("running");

        _merchantId = await NewAccountAsync(Roles.Merchant);
        _customerId = await NewAccountAsync(Roles.Customer);
        _store = new Store(Guid.NewGuid(), _merchantId, "Annapoorna Daily Needs", "3, CMH Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        _store.Approve();
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(_store);
            await db.SaveChangesAsync();
        }

        SignInAs(_merchantId, Roles.Merchant);
    }

    [Fact]
    public async Task A_waiting_order_rings_and_acknowledging_it_here_stops_the_ringing_and_is_kept()
    {
        var orderId = await PlaceAsync();

        var page = Render<MerchantHome>();

        page.WaitForAssertion(() => page.Find("[data-testid=new-order-alert]").GetAttribute("data-unacknowledged").ShouldBe("1"), Patience);
        page.WaitForAssertion(() => LastCall("ring").Arguments[0].ShouldBe(true), Patience);
        LastCall("setTitle").Arguments[0].ShouldBe("(1) New orders · QuickCommerce");

        // MudTabs draws its headers a render after its panels: wait for the count in the tab's header too.
        page.WaitForAssertion(() => page.Find("[data-testid=new-count]").TextContent.ShouldBe("1"), Patience);
        page.Find("[data-testid=new-order]").GetAttribute("data-ringing").ShouldBe("true");
        page.Find("[data-testid=sound-off]").TextContent.ShouldContain("Tap to enable sound");

        page.Find("[data-testid=acknowledge]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=new-order-alert]").ShouldBeEmpty(), Patience);
        page.WaitForAssertion(() => LastCall("ring").Arguments[0].ShouldBe(false), Patience);
        LastCall("setTitle").Arguments[0].ShouldBe("Your shop · QuickCommerce");
        page.WaitForAssertion(() => page.Find("[data-testid=new-order]").GetAttribute("data-ringing").ShouldBe("false"), Patience);
        (await AcknowledgedAtAsync(orderId)).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_new_order_arriving_live_rings_and_another_devices_acknowledgement_silences_it()
    {
        var page = Render<MerchantHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=new-count]").TextContent.ShouldBe("0"), Patience);
        page.FindAll("[data-testid=new-order-alert]").ShouldBeEmpty();

        // The customer orders; the job worker's live event reaches this open dashboard.
        var orderId = await PlaceAsync();
        await PublishAsync("order.placed", orderId);

        page.WaitForAssertion(() => page.Find("[data-testid=new-order-alert]").GetAttribute("data-unacknowledged").ShouldBe("1"), Patience);
        page.WaitForAssertion(() => LastCall("ring").Arguments[0].ShouldBe(true), Patience);

        // The counter tablet acknowledges: the owner's phone (this page) stops ringing.
        await using (var scope = Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<MerchantOrders>().AcknowledgeAsync(_merchantId, orderId, CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }

        page.WaitForAssertion(() => page.FindAll("[data-testid=new-order-alert]").ShouldBeEmpty(), Patience);
        page.WaitForAssertion(() => LastCall("ring").Arguments[0].ShouldBe(false), Patience);
    }

    [Fact]
    public async Task The_tap_to_enable_sound_button_unlocks_the_browsers_audio()
    {
        await PlaceAsync();
        var page = Render<MerchantHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=sound-off] button").TextContent.Trim().ShouldBe("Tap to enable sound"), Patience);

        page.Find("[data-testid=sound-off] button").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=sound-off]").ShouldBeEmpty(), Patience);
        _alarm.Invocations["unlock"].ShouldHaveSingleItem();
    }

    private JSRuntimeInvocation LastCall(string identifier) => _alarm.Invocations[identifier][^1];

    private async Task<Guid> PlaceAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var product = DemoShop.Product(_store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 50);
        var order = new Order(
            Guid.CreateVersion7(now),
            _customerId,
            _store.Id,
            Guid.NewGuid(),
            "Flat 4, 12th Main, Indiranagar",
            GeoPoint.Create(DemoShop.Indiranagar.Latitude + 0.01, DemoShop.Indiranagar.Longitude).Value,
            "Ring twice",
            PaymentMethod.CashOnDelivery,
            IfUnavailable.Proceed,
            Money.Zero,
            [new OrderLine(product.Id, product.Name, product.Unit, product.Price, 3)],
            new Actor(ActorRole.Customer, _customerId),
            now);
        await using var db = Database.NewContext();
        db.Products.Add(product);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    }

    private async Task PublishAsync(string type, Guid orderId) =>
        await Services.GetRequiredService<ILiveEvents>().PublishAsync(
            new LiveEvent(type, [LiveGroups.Store(_store.Id)], new Dictionary<string, string> { ["orderId"] = orderId.ToString() }, DateTimeOffset.UtcNow),
            CancellationToken.None);

    private async Task<DateTimeOffset?> AcknowledgedAtAsync(Guid orderId)
    {
        await using var db = Database.NewContext();
        return await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.AcknowledgedAt).SingleAsync();
    }

    private QuickCommerceDbContext NewContext() => Database.NewContext();
}
