namespace QuickCommerce.Core.Ordering;

/// <summary>Where an order is in its life. Stored by name, so the database reads plainly.</summary>
public enum OrderStatus
{
    Placed,
    /// <summary>The shop changed the order (items unavailable, fewer, substitutes); the customer approves or cancels.</summary>
    AwaitingCustomer,
    Accepted,
    Packed,
    RiderAssigned,
    PickedUp,
    Delivered,
    Rejected,
    Cancelled,
    DeliveryFailed,
}

/// <summary>Who is acting on an order.</summary>
public enum ActorRole
{
    Customer,
    Merchant,
    Rider,
    Admin,
    /// <summary>The platform itself: timeouts, auto-reject, re-offers.</summary>
    System,
}

/// <summary>A person (or the platform) making a change, with the role they act in.</summary>
public sealed record Actor(ActorRole Role, Guid? UserId)
{
    public static Actor System { get; } = new(ActorRole.System, null);
}
