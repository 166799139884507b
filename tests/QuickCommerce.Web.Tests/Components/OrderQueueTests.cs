using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>The merchant's queue and its alert banner, rendered from given orders.</summary>
public sealed class OrderQueueTests : ComponentTest, IAsyncLifetime
{
    private readonly List<QueueRequest> _requests = [];

    public OrderQueueTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously; the synchronous Dispose xUnit calls next then finds nothing left.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void Each_tab_counts_its_orders_and_new_orders_show_newest_first()
    {
        var older = Order(OrderStatus.Placed, minutesAgo: 9);
        var newer = Order(OrderStatus.Placed, minutesAgo: 1);
        ShopOrderView[] orders =
        [
            older,
            Order(OrderStatus.AwaitingCustomer, minutesAgo: 5),
            newer,
            Order(OrderStatus.Accepted),
            Order(OrderStatus.Packed),
            Order(OrderStatus.RiderAssigned),
            Order(OrderStatus.PickedUp),
            Order(OrderStatus.Delivered),
            Order(OrderStatus.Rejected),
            Order(OrderStatus.Cancelled),
        ];

        var queue = RenderQueue(orders);

        queue.Find("[data-testid=new-count]").TextContent.ShouldBe("3");
        queue.Find("[data-testid=accepted-count]").TextContent.ShouldBe("1");
        queue.Find("[data-testid=packed-count]").TextContent.ShouldBe("1");
        queue.Find("[data-testid=out-count]").TextContent.ShouldBe("2");
        queue.Find("[data-testid=done-count]").TextContent.ShouldBe("3");
        queue.FindAll(".mud-tab").Select(t => Words(t.TextContent)).ShouldBe(["New 3", "Accepted 1", "Packed 1", "Out for delivery 2", "Done 3"]);

        // The New tab is open: its cards only, newest first.
        queue.FindAll("[data-testid=new-order]").Select(c => c.GetAttribute("data-order-id")).ShouldBe(
            [newer.Id.ToString(), orders[1].Id.ToString(), older.Id.ToString()]);
        queue.FindAll("[data-testid=accepted-order]").ShouldBeEmpty();
    }

    [Fact]
    public void A_card_shows_lines_totals_distance_note_payment_and_when_it_was_placed()
    {
        var queue = RenderQueue([Order(OrderStatus.Placed, minutesAgo: 3)]);

        var card = queue.Find("[data-testid=new-order]").TextContent;
        card.ShouldContain("₹72 · 3 items · 2.4 km");
        card.ShouldContain("3 × Nandini Toned Milk (500 ml)");
        card.ShouldContain("Items ₹72 + delivery ₹0 = ₹72");
        card.ShouldContain("Note: Ring twice");
        card.ShouldContain("Cash on delivery");
        card.ShouldContain("Placed 25 Nov, 1:57 pm · 3 min ago");
    }

    [Fact]
    public void Each_tab_offers_its_next_step_and_the_buttons_say_which_order()
    {
        var placed = Order(OrderStatus.Placed);
        var accepted = Order(OrderStatus.Accepted);
        var packed = Order(OrderStatus.Packed);
        var queue = RenderQueue([placed, accepted, packed]);

        Buttons(queue, "[data-testid=new-order]").ShouldBe(["Accept", "Change…", "Reject"]);
        Click(queue, "[data-testid=new-order]", "Accept");
        Click(queue, "[data-testid=new-order]", "Change…");
        Click(queue, "[data-testid=new-order]", "Reject");

        Tab(queue, "Accepted");
        Buttons(queue, "[data-testid=accepted-order]").ShouldBe(["Mark packed"]);
        Click(queue, "[data-testid=accepted-order]", "Mark packed");

        Tab(queue, "Packed");
        Buttons(queue, "[data-testid=packed-order]").ShouldBe(["Assign rider"]);
        Click(queue, "[data-testid=packed-order]", "Assign rider");

        _requests.ShouldBe(
        [
            new QueueRequest(placed.Id, QueueAction.Accept),
            new QueueRequest(placed.Id, QueueAction.Change),
            new QueueRequest(placed.Id, QueueAction.Reject),
            new QueueRequest(accepted.Id, QueueAction.Pack),
            new QueueRequest(packed.Id, QueueAction.AssignRider),
        ]);
    }

    [Fact]
    public void Tapping_a_ringing_order_acknowledges_it_and_tapping_an_acknowledged_one_does_nothing()
    {
        var ringing = Order(OrderStatus.Placed, minutesAgo: 1);
        var seen = Order(OrderStatus.Placed, minutesAgo: 2) with { AcknowledgedAt = Clock.GetUtcNow() };
        var queue = RenderQueue([ringing, seen]);

        var cards = queue.FindAll("[data-testid=new-order]");
        cards.Select(c => c.GetAttribute("data-ringing")).ShouldBe(["true", "false"]);
        queue.Find($"[data-order-id='{ringing.Id}'] > div").Click();
        queue.Find($"[data-order-id='{seen.Id}'] > div").Click();

        _requests.ShouldBe([new QueueRequest(ringing.Id, QueueAction.Acknowledge)]);
    }

    [Fact]
    public void The_alert_shows_how_many_orders_wait_and_its_button_acknowledges_them()
    {
        var acknowledged = 0;
        var alert = Render<NewOrderAlert>(p => p
            .Add(x => x.Count, 2)
            .Add(x => x.SoundState, "running")
            .Add(x => x.OnAcknowledge, () => acknowledged++));

        alert.Find("[data-testid=new-order-alert]").TextContent.ShouldContain("2 new orders are waiting");
        alert.FindAll("[data-testid=sound-off]").ShouldBeEmpty();
        alert.Find("[data-testid=acknowledge]").Click();
        acknowledged.ShouldBe(1);

        alert.Render(p => p.Add(x => x.Count, 0));
        alert.FindAll("[data-testid=new-order-alert]").ShouldBeEmpty();
    }

    [Fact]
    public void A_silent_browser_is_offered_the_tap_that_enables_sound()
    {
        var enabled = 0;
        var alert = Render<NewOrderAlert>(p => p
            .Add(x => x.Count, 1)
            .Add(x => x.SoundState, "suspended")
            .Add(x => x.OnEnableSound, () => enabled++));

        alert.Find("[data-testid=new-order-alert]").TextContent.ShouldContain("1 new order is waiting");
        alert.Find("[data-testid=sound-off] button").TextContent.Trim().ShouldBe("Tap to enable sound");
        alert.Find("[data-testid=sound-off] button").Click();
        enabled.ShouldBe(1);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private IRenderedComponent<OrderQueue> RenderQueue(IReadOnlyList<ShopOrderView> orders) =>
        Render<OrderQueue>(p => p
            .Add(x => x.Orders, orders)
            .Add(x => x.OnAction, EventCallback.Factory.Create<QueueRequest>(this, _requests.Add)));

    private static string[] Buttons(IRenderedComponent<OrderQueue> queue, string card) =>
        [.. queue.FindAll($"{card} button").Select(b => b.TextContent.Trim())];

    private static void Click(IRenderedComponent<OrderQueue> queue, string card, string label) =>
        queue.FindAll($"{card} button").Single(b => b.TextContent.Trim() == label).Click();

    private static void Tab(IRenderedComponent<OrderQueue> queue, string label) =>
        queue.FindAll(".mud-tab").Single(t => t.TextContent.Trim().StartsWith(label, StringComparison.Ordinal)).Click();

    private ShopOrderView Order(OrderStatus status, int minutesAgo = 10)
    {
        var placedAt = Clock.GetUtcNow().AddMinutes(-minutesAgo);
        return new ShopOrderView(
            Guid.NewGuid(),
            status,
            Guid.NewGuid(),
            string.Empty,
            [new ShopOrderLine(Guid.NewGuid(), "Nandini Toned Milk", "500 ml", 3, 2400, 7200)],
            7200,
            0,
            7200,
            "Flat 4, 12th Main, Indiranagar",
            2.4,
            "cod",
            "proceed",
            "Ring twice",
            placedAt,
            placedAt,
            status == OrderStatus.Placed ? null : placedAt);
    }
}
