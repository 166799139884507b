using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Ordering;

public class OrderTests
{
    private readonly ManualClock _clock = new(PlacedAt);

    [Fact]
    public void A_new_order_totals_its_lines_and_adds_the_delivery_fee()
    {
        var order = AnOrder()
            .WithLines(ALine(unitPricePaise: 3000, quantity: 2), ALine(unitPricePaise: 4550, quantity: 1))
            .WithDeliveryFee(new Money(2500))
            .Build();

        order.SubtotalPaise.ShouldBe(10550);
        order.DeliveryFeePaise.ShouldBe(2500);
        order.TotalPaise.ShouldBe(13050);
        order.Total.ShouldBe(new Money(13050));
        order.Lines.Count.ShouldBe(2);
    }

    [Fact]
    public void A_line_totals_its_unit_price_times_quantity()
    {
        var line = ALine(unitPricePaise: 4550, quantity: 3);

        line.LineTotalPaise.ShouldBe(13650);
        line.UnitPricePaise.ShouldBe(4550);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_line_without_a_positive_quantity_throws(int quantity)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ALine(quantity: quantity));
    }

    [Fact]
    public void A_new_order_is_placed_with_one_placed_event_and_version_zero()
    {
        var customer = new Actor(ActorRole.Customer, Guid.NewGuid());

        var order = AnOrder().PlacedBy(customer).PlacedAt(PlacedAt).Build();

        order.Status.ShouldBe(OrderStatus.Placed);
        order.Version.ShouldBe(0);
        order.CreatedAt.ShouldBe(PlacedAt);
        order.UpdatedAt.ShouldBe(PlacedAt);
        var placed = order.Events.ShouldHaveSingleItem();
        placed.OrderId.ShouldBe(order.Id);
        placed.FromStatus.ShouldBeNull();
        placed.ToStatus.ShouldBe(OrderStatus.Placed);
        placed.ActorRole.ShouldBe(ActorRole.Customer);
        placed.ActorId.ShouldBe(customer.UserId);
        placed.Reason.ShouldBeNull();
        placed.OccurredAt.ShouldBe(PlacedAt);
    }

    [Fact]
    public void An_order_without_lines_throws()
    {
        Should.Throw<ArgumentException>(() => AnOrder().WithLines().Build()).ParamName.ShouldBe("lines");
    }

    [Fact]
    public void Accepting_a_placed_order_as_merchant_moves_it_to_accepted()
    {
        var order = AnOrder().Build();
        var merchant = AnActor(ActorRole.Merchant);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var result = order.TransitionTo(OrderStatus.Accepted, merchant, _clock);

        result.IsSuccess.ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Accepted);
        order.Version.ShouldBe(1);
        order.UpdatedAt.ShouldBe(PlacedAt.AddMinutes(2));
        order.CreatedAt.ShouldBe(PlacedAt);
        order.Events.Count.ShouldBe(2);
        var accepted = order.Events[1];
        accepted.FromStatus.ShouldBe(OrderStatus.Placed);
        accepted.ToStatus.ShouldBe(OrderStatus.Accepted);
        accepted.ActorRole.ShouldBe(ActorRole.Merchant);
        accepted.ActorId.ShouldBe(merchant.UserId);
        accepted.OccurredAt.ShouldBe(PlacedAt.AddMinutes(2));
    }

    [Fact]
    public void Accepting_an_order_twice_returns_conflict_and_records_nothing()
    {
        var order = AnOrder().Build();
        var merchant = AnActor(ActorRole.Merchant);
        order.TransitionTo(OrderStatus.Accepted, merchant, _clock).IsSuccess.ShouldBeTrue();

        var again = order.TransitionTo(OrderStatus.Accepted, merchant, _clock);

        again.Error.ShouldNotBeNull();
        again.Error.Kind.ShouldBe(ErrorKind.Conflict);
        again.Error.Message.ShouldBe("This order is accepted and cannot be accepted now.");
        order.Status.ShouldBe(OrderStatus.Accepted);
        order.Version.ShouldBe(1);
        order.Events.Count.ShouldBe(2);
    }

    [Fact]
    public void Delivering_a_placed_order_skips_steps_and_returns_conflict()
    {
        var order = AnOrder().Build();

        var result = order.TransitionTo(OrderStatus.Delivered, AnActor(ActorRole.Rider), _clock);

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        order.Status.ShouldBe(OrderStatus.Placed);
        order.Version.ShouldBe(0);
        order.Events.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_customer_accepting_their_own_order_is_forbidden_and_nothing_changes()
    {
        var order = AnOrder().Build();
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = order.TransitionTo(OrderStatus.Accepted, AnActor(ActorRole.Customer), _clock);

        result.Error.ShouldNotBeNull();
        result.Error.Kind.ShouldBe(ErrorKind.Forbidden);
        result.Error.Message.ShouldBe("A customer cannot mark an order accepted.");
        order.Status.ShouldBe(OrderStatus.Placed);
        order.Version.ShouldBe(0);
        order.UpdatedAt.ShouldBe(PlacedAt);
        order.Events.ShouldHaveSingleItem();
    }

    [Fact]
    public void An_illegal_move_by_the_wrong_role_is_reported_as_a_conflict()
    {
        // The state decides first: nobody may deliver a placed order, so the role is beside the point.
        var order = AnOrder().Build();

        order.TransitionTo(OrderStatus.Delivered, AnActor(ActorRole.Customer), _clock).Error!.Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Fact]
    public void A_cancellation_keeps_its_reason_on_the_event()
    {
        var order = AnOrder().Build();

        order.TransitionTo(OrderStatus.Cancelled, AnActor(ActorRole.Customer), _clock, "Ordered by mistake").IsSuccess.ShouldBeTrue();

        order.Events[^1].Reason.ShouldBe("Ordered by mistake");
    }

    [Fact]
    public void The_platform_rejecting_an_order_is_recorded_without_a_user()
    {
        var order = AnOrder().Build();

        order.TransitionTo(OrderStatus.Rejected, Actor.System, _clock, "Store did not respond").IsSuccess.ShouldBeTrue();

        order.Events[^1].ActorRole.ShouldBe(ActorRole.System);
        order.Events[^1].ActorId.ShouldBeNull();
    }

    [Fact]
    public void A_rider_who_drops_out_sends_the_order_back_to_packed_for_another_rider()
    {
        var order = AnOrder().Build();
        OrderDesign.DriveTo(order, OrderStatus.RiderAssigned, _clock);
        var versionAssigned = order.Version;

        order.TransitionTo(OrderStatus.Packed, AnActor(ActorRole.Rider), _clock, "Bike puncture").IsSuccess.ShouldBeTrue();
        order.TransitionTo(OrderStatus.RiderAssigned, AnActor(ActorRole.Rider), _clock).IsSuccess.ShouldBeTrue();

        order.Status.ShouldBe(OrderStatus.RiderAssigned);
        order.Version.ShouldBe(versionAssigned + 2);
        order.Events.Select(e => e.ToStatus).ShouldBe(
        [
            OrderStatus.Placed, OrderStatus.Accepted, OrderStatus.Packed, OrderStatus.RiderAssigned,
            OrderStatus.Packed, OrderStatus.RiderAssigned,
        ]);
    }

    [Fact]
    public void The_whole_happy_path_records_every_step_in_order_with_rising_versions()
    {
        var order = AnOrder().Build();
        var steps = new (OrderStatus To, ActorRole Role)[]
        {
            (OrderStatus.Accepted, ActorRole.Merchant),
            (OrderStatus.Packed, ActorRole.Merchant),
            (OrderStatus.RiderAssigned, ActorRole.System),
            (OrderStatus.PickedUp, ActorRole.Rider),
            (OrderStatus.Delivered, ActorRole.Rider),
        };

        foreach (var (to, role) in steps)
        {
            _clock.Advance(TimeSpan.FromMinutes(3));
            order.TransitionTo(to, AnActor(role), _clock).IsSuccess.ShouldBeTrue($"{order.Status} -> {to}");
        }

        order.Status.ShouldBe(OrderStatus.Delivered);
        order.Version.ShouldBe(5);
        order.UpdatedAt.ShouldBe(PlacedAt.AddMinutes(15));
        order.Events.Select(e => e.OccurredAt).ShouldBeInOrder();
        order.Events.Skip(1).Select(e => e.FromStatus).ShouldBe(order.Events.SkipLast(1).Select(e => (OrderStatus?)e.ToStatus));
    }

    [Fact]
    public void A_transition_without_an_actor_or_a_clock_throws()
    {
        var order = AnOrder().Build();

        Should.Throw<ArgumentNullException>(() => order.TransitionTo(OrderStatus.Accepted, null!, _clock));
        Should.Throw<ArgumentNullException>(() => order.TransitionTo(OrderStatus.Accepted, AnActor(ActorRole.Merchant), null!));
    }
}
