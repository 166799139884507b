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
/// A customer's order from one store. Its status only changes through <see cref="TransitionTo"/>
/// (or <see cref="ProposeChanges"/>, the shop's changes that make it wait for the customer), which
/// check the transition table and append to the order's history every time.
/// </summary>
public sealed partial class Order
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
    /// Whether the shop's new-order alert still rings for it: placed, and nobody at the shop has
    /// acknowledged it yet. Accepting or rejecting acknowledges it too.
    /// </summary>
    public bool AwaitsAcknowledgement => Status == OrderStatus.Placed && AcknowledgedAt is null;

    /// <summary>
    /// Moves the order to <paramref name="to"/> if the table allows it for the actor's role,
    /// always recording the move; otherwise returns a conflict or a refusal and changes nothing.
    /// </summary>
    public Result TransitionTo(OrderStatus to, Actor actor, TimeProvider clock, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var allowed = CheckTransition(to, actor);
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        if (to == OrderStatus.AwaitingCustomer)
        {
            // That status means "these changes, answer by then": only ProposeChanges can say both.
            throw new InvalidOperationException($"An order waits for its customer only through {nameof(ProposeChanges)}.");
        }

        Record(to, actor, clock.GetUtcNow(), reason);
        return Result.Success();
    }

    /// <summary>Whether the table has the move from the current status and lets the actor's role make it.</summary>
    private Result CheckTransition(OrderStatus to, Actor actor)
    {
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

        return Result.Success();
    }

    /// <summary>Makes a checked move: appends it to the history and bumps the version.</summary>
    private void Record(OrderStatus to, Actor actor, DateTimeOffset now, string? reason)
    {
        _events.Add(new OrderEvent(Id, Status, to, actor, reason, now));
        if (Status == OrderStatus.AwaitingCustomer)
        {
            // Answered (or defaulted): nothing waits for the customer any more.
            ChangesDeadline = null;
        }

        Status = to;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Records what the payment side said about this order.</summary>
    public void AttachPayment(PaymentIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        PaymentReference = intent.Reference;
        PaymentStatus = intent.Status;
    }

    /// <summary>
    /// Hands the packed order to <paramref name="riderId"/> (Packed → RiderAssigned). A rider may only
    /// take a job for themselves. Whether the rider is free is not the order's to know: the caller
    /// decides that under a lock on the rider, in the same transaction.
    /// </summary>
    public Result AssignRider(Guid riderId, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (riderId == Guid.Empty)
        {
            throw new ArgumentException("A rider id is required.", nameof(riderId));
        }

        if (actor.Role == ActorRole.Rider && actor.UserId != riderId)
        {
            return DomainError.Forbidden("order.rider-for-someone-else", "A rider can only take a delivery for themselves.");
        }

        var moved = TransitionTo(OrderStatus.RiderAssigned, actor, clock);
        if (moved.IsSuccess)
        {
            RiderId = riderId;
        }

        return moved;
    }

    /// <summary>
    /// Takes the order back from its rider (RiderAssigned → Packed) when they drop out, so it can be
    /// assigned again. A rider may only give up their own delivery; <paramref name="reason"/> is required
    /// and goes into the order's history.
    /// </summary>
    public Result ReleaseRider(Actor actor, TimeProvider clock, string? reason)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return DomainError.Validation("reason", "Say why the rider is off this order, e.g. \"Rider's bike broke down\".");
        }

        if (actor.Role == ActorRole.Rider && Status == OrderStatus.RiderAssigned && actor.UserId != RiderId)
        {
            return DomainError.Forbidden("order.not-your-delivery", "Only the assigned rider can give up this delivery.");
        }

        var moved = TransitionTo(OrderStatus.Packed, actor, clock, reason.Trim());
        if (moved.IsSuccess)
        {
            RiderId = null;
        }

        return moved;
    }

    /// <summary>Plain words for a status, for messages people read.</summary>
    public static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.Placed => "placed",
        OrderStatus.AwaitingCustomer => "waiting for the customer's answer to the shop's changes",
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
