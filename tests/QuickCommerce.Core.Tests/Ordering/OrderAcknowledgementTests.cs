using QuickCommerce.Core.Ordering;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Ordering;

public class OrderAcknowledgementTests
{
    private readonly ManualClock _clock = new(PlacedAt);

    [Fact]
    public void A_new_order_rings_until_someone_answers_it()
    {
        var order = AnOrder().Build();

        order.AcknowledgedAt.ShouldBeNull();
        order.AwaitsAcknowledgement.ShouldBeTrue();
    }

    [Theory]
    [InlineData(OrderStatus.Accepted, ActorRole.Merchant)]
    [InlineData(OrderStatus.Rejected, ActorRole.Merchant)]
    [InlineData(OrderStatus.Rejected, ActorRole.System)]
    [InlineData(OrderStatus.Cancelled, ActorRole.Customer)]
    public void An_order_that_left_placed_no_longer_rings(OrderStatus to, ActorRole by)
    {
        var order = AnOrder().Build();

        order.TransitionTo(to, AnActor(by), _clock).IsSuccess.ShouldBeTrue();

        order.AwaitsAcknowledgement.ShouldBeFalse();
    }
}
