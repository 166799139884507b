namespace QuickCommerce.Core.Ordering;

/// <summary>One legal move of the order state machine and the roles allowed to make it.</summary>
public sealed record OrderTransition(OrderStatus From, OrderStatus To, IReadOnlySet<ActorRole> AllowedRoles);

/// <summary>
/// The order state machine as one table. Every status change goes through <see cref="Find"/>;
/// anything not listed here is illegal, for every role.
/// </summary>
public static class OrderTransitions
{
    private static readonly OrderTransition[] Table =
    [
        new(OrderStatus.Placed, OrderStatus.Accepted, Roles(ActorRole.Merchant)),
        new(OrderStatus.Placed, OrderStatus.Rejected, Roles(ActorRole.Merchant, ActorRole.System, ActorRole.Admin)),
        new(OrderStatus.Placed, OrderStatus.Cancelled, Roles(ActorRole.Customer, ActorRole.Admin)),
        // The shop changed the order (lines unavailable, fewer, substitutes); the customer approves or
        // cancels, and when the deadline passes the platform applies what they chose at checkout.
        new(OrderStatus.Placed, OrderStatus.AwaitingCustomer, Roles(ActorRole.Merchant)),
        new(OrderStatus.AwaitingCustomer, OrderStatus.Accepted, Roles(ActorRole.Customer, ActorRole.System)),
        new(OrderStatus.AwaitingCustomer, OrderStatus.Cancelled, Roles(ActorRole.Customer, ActorRole.System, ActorRole.Admin)),
        new(OrderStatus.Accepted, OrderStatus.Packed, Roles(ActorRole.Merchant)),
        new(OrderStatus.Accepted, OrderStatus.Cancelled, Roles(ActorRole.Merchant, ActorRole.Admin)),
        new(OrderStatus.Packed, OrderStatus.RiderAssigned, Roles(ActorRole.Merchant, ActorRole.Rider, ActorRole.System)),
        new(OrderStatus.Packed, OrderStatus.Cancelled, Roles(ActorRole.Merchant, ActorRole.Admin)),
        // A rider who drops out sends the order back to the shelf for someone else to take.
        new(OrderStatus.RiderAssigned, OrderStatus.Packed, Roles(ActorRole.Merchant, ActorRole.Rider, ActorRole.System, ActorRole.Admin)),
        new(OrderStatus.RiderAssigned, OrderStatus.PickedUp, Roles(ActorRole.Rider)),
        new(OrderStatus.RiderAssigned, OrderStatus.Cancelled, Roles(ActorRole.Admin)),
        new(OrderStatus.PickedUp, OrderStatus.Delivered, Roles(ActorRole.Rider)),
        new(OrderStatus.PickedUp, OrderStatus.DeliveryFailed, Roles(ActorRole.Rider, ActorRole.Admin)),
    ];

    public static IReadOnlyList<OrderTransition> All => Table;

    /// <summary>Statuses from which nothing moves on.</summary>
    public static bool IsTerminal(OrderStatus status) => Table.All(t => t.From != status);

    /// <summary>The transition from one status to another, or null when the table has none.</summary>
    public static OrderTransition? Find(OrderStatus from, OrderStatus to) =>
        Array.Find(Table, t => t.From == from && t.To == to);

    /// <summary>Whether <paramref name="role"/> may move an order from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(OrderStatus from, OrderStatus to, ActorRole role) =>
        Find(from, to)?.AllowedRoles.Contains(role) ?? false;

    private static HashSet<ActorRole> Roles(params ActorRole[] roles) => [.. roles];
}
