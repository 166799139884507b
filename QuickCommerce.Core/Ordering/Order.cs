using NetTopologySuite.Geometries;
using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Ordering;

/// <summary>What the customer wants done when the store cannot supply a line as ordered.</summary>
public enum IfUnavailable
{
    /// <summary>Go ahead without the missing items (or with the store's substitutes).</summary>
    Proceed,
    /// <summary>Cancel the whole order.</summary>
    Cancel,
}

/// <summary>How the customer pays.</summary>
public enum PaymentMethod
{
    CashOnDelivery,
    UpiPlaceholder,
}

/// <summary>
/// A customer's order from one store. Its status only changes through <see cref="TransitionTo"/>,
/// which checks the transition table and appends to the order's history every time.
/// </summary>
public sealed class Order
{
    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderEvent> _events = [];

    private Order()
    {
        DeliveryAddress = string.Empty;
        DeliveryPoint = null!;
    }

    public Order(
        Guid id,
        Guid customerId,
        Guid storeId,
        Guid idempotencyKey,
        string deliveryAddress,
        GeoPoint deliveryPoint,
        string? note,
        PaymentMethod paymentMethod,
        IfUnavailable ifUnavailable,
        Money deliveryFee,
        IEnumerable<OrderLine> lines,
        Actor placedBy,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(placedBy);
        Id = id;
        CustomerId = customerId;
        StoreId = storeId;
        IdempotencyKey = idempotencyKey;
        DeliveryAddress = deliveryAddress;
        DeliveryPoint = deliveryPoint.ToPoint();
        Note = note;
        PaymentMethod = paymentMethod;
        IfUnavailable = ifUnavailable;
        _lines.AddRange(lines);
        if (_lines.Count == 0)
        {
            throw new ArgumentException("An order needs at least one line.", nameof(lines));
        }

        SubtotalPaise = _lines.Sum(l => l.LineTotalPaise);
        DeliveryFeePaise = deliveryFee.Paise;
        TotalPaise = SubtotalPaise + DeliveryFeePaise;
        Status = OrderStatus.Placed;
        CreatedAt = now;
        UpdatedAt = now;
        _events.Add(new OrderEvent(Id, null, OrderStatus.Placed, placedBy, null, now));
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public Guid StoreId { get; private set; }

    public OrderStatus Status { get; private set; }

    public long SubtotalPaise { get; private set; }

    public long DeliveryFeePaise { get; private set; }

    public long TotalPaise { get; private set; }

    public string DeliveryAddress { get; private set; }

    public Point DeliveryPoint { get; private set; }

    public string? Note { get; private set; }

    public PaymentMethod PaymentMethod { get; private set; }

    public IfUnavailable IfUnavailable { get; private set; }

    /// <summary>The client's Idempotency-Key the order was placed with; unique per customer.</summary>
    public Guid IdempotencyKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The payment provider's reference (a placeholder today), once an intent exists.</summary>
    public string? PaymentReference { get; private set; }

    /// <summary>"due-on-delivery", "awaiting-payment" …, as the payment side reports it.</summary>
    public string? PaymentStatus { get; private set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; private set; }

    /// <summary>The rider delivering it, once one is assigned.</summary>
    public Guid? RiderId { get; private set; }

    /// <summary>When someone at the shop silenced the new-order alert (or first acted on the order).</summary>
    public DateTimeOffset? AcknowledgedAt { get; private set; }

    /// <summary>While the customer is asked to approve the shop's changes: when their chosen default applies.</summary>
    public DateTimeOffset? ChangesDeadline { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public IReadOnlyList<OrderEvent> Events => _events;

    public Money Total => new(TotalPaise);

    /// <summary>
    /// Moves the order to <paramref name="to"/> if the table allows it for the actor's role,
    /// always recording the move; otherwise returns a conflict or a refusal and changes nothing.
    /// </summary>
    public Result TransitionTo(OrderStatus to, Actor actor, TimeProvider clock, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var transition = OrderTransitions.Find(Status, to);
        if (transition is null)
        {
            return DomainError.Conflict(
                "order.illegal-transition",
                $"This order is {Describe(Status)} and cannot be {Describe(to)} now.");
        }

        if (!transition.AllowedRoles.Contains(actor.Role))
        {
            return DomainError.Forbidden(
                "order.role-not-allowed",
                $"A {actor.Role.ToString().ToLowerInvariant()} cannot mark an order {Describe(to)}.");
        }

        var now = clock.GetUtcNow();
        _events.Add(new OrderEvent(Id, Status, to, actor, reason, now));
        Status = to;
        UpdatedAt = now;
        Version++;
        return Result.Success();
    }

    /// <summary>Records what the payment side said about this order.</summary>
    public void AttachPayment(PaymentIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        PaymentReference = intent.Reference;
        PaymentStatus = intent.Status;
    }

    /// <summary>Plain words for a status, for messages people read.</summary>
    public static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.Placed => "placed",
        OrderStatus.Accepted => "accepted",
        OrderStatus.Packed => "packed",
        OrderStatus.RiderAssigned => "assigned to a rider",
        OrderStatus.PickedUp => "picked up",
        OrderStatus.Delivered => "delivered",
        OrderStatus.Rejected => "rejected",
        OrderStatus.Cancelled => "cancelled",
        OrderStatus.DeliveryFailed => "marked as failed delivery",
        _ => status.ToString(),
    };
}
