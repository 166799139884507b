using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Ordering;

public class OrderRiderTests
{
    private readonly ManualClock _clock = new(PlacedAt);
    private readonly Actor _merchant = AnActor(ActorRole.Merchant);

    [Fact]
    public void Assigning_a_rider_to_a_packed_order_moves_it_to_rider_assigned_and_records_the_rider()
    {
        var order = Packed();
        var rider = Guid.NewGuid();
        var versionBefore = order.Version;
        _clock.Advance(TimeSpan.FromMinutes(1));

        var result = order.AssignRider(rider, _merchant, _clock);

        result.IsSuccess.ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.RiderAssigned);
        order.RiderId.ShouldBe(rider);
        order.Version.ShouldBe(versionBefore + 1);
        order.UpdatedAt.ShouldBe(_clock.GetUtcNow());
        var assigned = order.Events[^1];
        assigned.FromStatus.ShouldBe(OrderStatus.Packed);
        assigned.ToStatus.ShouldBe(OrderStatus.RiderAssigned);
        assigned.ActorRole.ShouldBe(ActorRole.Merchant);
        assigned.ActorId.ShouldBe(_merchant.UserId);
    }

    [Theory]
    [InlineData(OrderStatus.Placed)]
    [InlineData(OrderStatus.Accepted)]
    public void Assigning_a_rider_before_the_order_is_packed_is_a_conflict_and_changes_nothing(OrderStatus status)
    {
        var order = AnOrder().Build();
        if (status == OrderStatus.Accepted)
        {
            order.TransitionTo(OrderStatus.Accepted, _merchant, _clock).IsSuccess.ShouldBeTrue();
        }

        var events = order.Events.Count;

        var result = order.AssignRider(Guid.NewGuid(), _merchant, _clock);

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        result.Error.Message.ShouldBe($"This order is {Order.Describe(status)} and cannot be assigned to a rider now.");
        order.Status.ShouldBe(status);
        order.RiderId.ShouldBeNull();
        order.Events.Count.ShouldBe(events);
    }

    [Fact]
    public void Assigning_a_second_rider_to_an_assigned_order_is_a_conflict_and_keeps_the_first()
    {
        var order = Packed();
        var first = Guid.NewGuid();
        order.AssignRider(first, _merchant, _clock).IsSuccess.ShouldBeTrue();

        var result = order.AssignRider(Guid.NewGuid(), _merchant, _clock);

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        order.RiderId.ShouldBe(first);
    }

    [Fact]
    public void A_rider_can_take_a_packed_order_for_themselves_but_not_for_someone_else()
    {
        var order = Packed();
        var rider = AnActor(ActorRole.Rider);

        var forSomeoneElse = order.AssignRider(Guid.NewGuid(), rider, _clock);
        forSomeoneElse.Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        order.Status.ShouldBe(OrderStatus.Packed);

        order.AssignRider(rider.UserId!.Value, rider, _clock).IsSuccess.ShouldBeTrue();
        order.RiderId.ShouldBe(rider.UserId);
    }

    [Fact]
    public void A_customer_cannot_assign_a_rider()
    {
        var order = Packed();

        var result = order.AssignRider(Guid.NewGuid(), AnActor(ActorRole.Customer), _clock);

        result.Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        order.RiderId.ShouldBeNull();
    }

    [Fact]
    public void Assigning_without_a_rider_id_is_a_bug()
    {
        Should.Throw<ArgumentException>(() => Packed().AssignRider(Guid.Empty, _merchant, _clock)).ParamName.ShouldBe("riderId");
    }

    [Fact]
    public void Releasing_the_rider_puts_the_order_back_to_packed_with_the_reason_and_it_can_be_assigned_again()
    {
        var order = Packed();
        order.AssignRider(Guid.NewGuid(), _merchant, _clock).IsSuccess.ShouldBeTrue();
        _clock.Advance(TimeSpan.FromMinutes(5));

        var released = order.ReleaseRider(_merchant, _clock, "  Rider's bike broke down  ");

        released.IsSuccess.ShouldBeTrue();
        order.Status.ShouldBe(OrderStatus.Packed);
        order.RiderId.ShouldBeNull();
        var back = order.Events[^1];
        back.FromStatus.ShouldBe(OrderStatus.RiderAssigned);
        back.ToStatus.ShouldBe(OrderStatus.Packed);
        back.Reason.ShouldBe("Rider's bike broke down");
        back.OccurredAt.ShouldBe(_clock.GetUtcNow());

        var second = Guid.NewGuid();
        order.AssignRider(second, _merchant, _clock).IsSuccess.ShouldBeTrue();
        order.RiderId.ShouldBe(second);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Releasing_without_a_reason_is_refused_and_keeps_the_rider(string? reason)
    {
        var order = Packed();
        var rider = Guid.NewGuid();
        order.AssignRider(rider, _merchant, _clock).IsSuccess.ShouldBeTrue();

        var result = order.ReleaseRider(_merchant, _clock, reason);

        result.Error!.Kind.ShouldBe(ErrorKind.Validation);
        result.Error.Code.ShouldBe("reason");
        order.Status.ShouldBe(OrderStatus.RiderAssigned);
        order.RiderId.ShouldBe(rider);
    }

    [Fact]
    public void Releasing_an_order_without_a_rider_is_a_conflict()
    {
        var order = Packed();

        var result = order.ReleaseRider(_merchant, _clock, "Rider dropped out");

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        order.Status.ShouldBe(OrderStatus.Packed);
    }

    [Fact]
    public void Only_the_assigned_rider_can_give_up_the_delivery()
    {
        var order = Packed();
        var rider = AnActor(ActorRole.Rider);
        order.AssignRider(rider.UserId!.Value, _merchant, _clock).IsSuccess.ShouldBeTrue();

        order.ReleaseRider(AnActor(ActorRole.Rider), _clock, "Not mine").Error!.Kind.ShouldBe(ErrorKind.Forbidden);
        order.RiderId.ShouldBe(rider.UserId);

        order.ReleaseRider(rider, _clock, "Tyre puncture").IsSuccess.ShouldBeTrue();
        order.RiderId.ShouldBeNull();
    }

    [Fact]
    public void A_picked_up_order_cannot_be_released()
    {
        var order = Packed();
        var rider = AnActor(ActorRole.Rider);
        order.AssignRider(rider.UserId!.Value, _merchant, _clock).IsSuccess.ShouldBeTrue();
        order.TransitionTo(OrderStatus.PickedUp, rider, _clock).IsSuccess.ShouldBeTrue();

        var result = order.ReleaseRider(_merchant, _clock, "Rider dropped out");

        result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        order.RiderId.ShouldBe(rider.UserId);
    }

    private Order Packed()
    {
        var order = AnOrder().Build();
        order.TransitionTo(OrderStatus.Accepted, _merchant, _clock).IsSuccess.ShouldBeTrue();
        order.TransitionTo(OrderStatus.Packed, _merchant, _clock).IsSuccess.ShouldBeTrue();
        return order;
    }
}
