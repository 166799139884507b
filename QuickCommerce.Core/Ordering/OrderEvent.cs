namespace QuickCommerce.Core.Ordering;

/// <summary>One append-only entry of an order's history: who moved it from what to what, and why.</summary>
public sealed class OrderEvent
{
    private OrderEvent()
    {
    }

    public OrderEvent(Guid orderId, OrderStatus? from, OrderStatus to, Actor actor, string? reason, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(actor);
        OrderId = orderId;
        FromStatus = from;
        ToStatus = to;
        ActorRole = actor.Role;
        ActorId = actor.UserId;
        Reason = reason;
        OccurredAt = occurredAt;
    }

    public long Id { get; private set; }

    public Guid OrderId { get; private set; }

    public OrderStatus? FromStatus { get; private set; }

    public OrderStatus ToStatus { get; private set; }

    public ActorRole ActorRole { get; private set; }

    public Guid? ActorId { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }
}
