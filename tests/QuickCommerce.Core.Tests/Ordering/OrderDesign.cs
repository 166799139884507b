using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;

namespace QuickCommerce.Core.Tests.Ordering;

/// <summary>
/// The order state machine as the design describes it, written out by hand and independently of
/// <see cref="OrderTransitions"/>, so a slip in the production table shows up as a disagreement.
/// </summary>
public static class OrderDesign
{
    public static IReadOnlyList<(OrderStatus From, OrderStatus To, ActorRole[] Roles)> Moves { get; } =
    [
        (OrderStatus.Placed, OrderStatus.Accepted, [ActorRole.Merchant]),
        (OrderStatus.Placed, OrderStatus.Rejected, [ActorRole.Merchant, ActorRole.System, ActorRole.Admin]),
        (OrderStatus.Placed, OrderStatus.Cancelled, [ActorRole.Customer, ActorRole.Admin]),
        (OrderStatus.Placed, OrderStatus.AwaitingCustomer, [ActorRole.Merchant]),
        (OrderStatus.AwaitingCustomer, OrderStatus.Accepted, [ActorRole.Customer, ActorRole.System]),
        (OrderStatus.AwaitingCustomer, OrderStatus.Cancelled, [ActorRole.Customer, ActorRole.System, ActorRole.Admin]),
        (OrderStatus.Accepted, OrderStatus.Packed, [ActorRole.Merchant]),
        (OrderStatus.Accepted, OrderStatus.Cancelled, [ActorRole.Merchant, ActorRole.Admin]),
        (OrderStatus.Packed, OrderStatus.RiderAssigned, [ActorRole.Merchant, ActorRole.Rider, ActorRole.System]),
        (OrderStatus.Packed, OrderStatus.Cancelled, [ActorRole.Merchant, ActorRole.Admin]),
        (OrderStatus.RiderAssigned, OrderStatus.Packed, [ActorRole.Merchant, ActorRole.Rider, ActorRole.System, ActorRole.Admin]),
        (OrderStatus.RiderAssigned, OrderStatus.PickedUp, [ActorRole.Rider]),
        (OrderStatus.RiderAssigned, OrderStatus.Cancelled, [ActorRole.Admin]),
        (OrderStatus.PickedUp, OrderStatus.Delivered, [ActorRole.Rider]),
        (OrderStatus.PickedUp, OrderStatus.DeliveryFailed, [ActorRole.Rider, ActorRole.Admin]),
    ];

    public static IReadOnlyList<OrderStatus> TerminalStatuses { get; } =
        [OrderStatus.Delivered, OrderStatus.Rejected, OrderStatus.Cancelled, OrderStatus.DeliveryFailed];

    public static bool HasMove(OrderStatus from, OrderStatus to) => Moves.Any(m => m.From == from && m.To == to);

    public static bool Allows(OrderStatus from, OrderStatus to, ActorRole role) =>
        Moves.Any(m => m.From == from && m.To == to && m.Roles.Contains(role));

    /// <summary>
    /// The shortest chain of designed moves from Placed to <paramref name="target"/>, each with a role
    /// allowed to make it (breadth-first over the design).
    /// </summary>
    public static IReadOnlyList<(OrderStatus To, ActorRole Role)> PathFromPlaced(OrderStatus target)
    {
        var cameFrom = new Dictionary<OrderStatus, (OrderStatus From, ActorRole Role)>();
        var visited = new HashSet<OrderStatus> { OrderStatus.Placed };
        var queue = new Queue<OrderStatus>([OrderStatus.Placed]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var move in Moves.Where(m => m.From == current))
            {
                if (visited.Add(move.To))
                {
                    cameFrom[move.To] = (current, move.Roles[0]);
                    queue.Enqueue(move.To);
                }
            }
        }

        if (!visited.Contains(target))
        {
            throw new InvalidOperationException($"The design has no way from Placed to {target}.");
        }

        var path = new List<(OrderStatus To, ActorRole Role)>();
        for (var status = target; status != OrderStatus.Placed; status = cameFrom[status].From)
        {
            path.Add((status, cameFrom[status].Role));
        }

        path.Reverse();
        return path;
    }

    /// <summary>Drives a freshly placed order to <paramref name="target"/> through legal moves, failing loudly if any is refused.</summary>
    public static void DriveTo(Order order, OrderStatus target, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(order);
        foreach (var (to, role) in PathFromPlaced(target))
        {
            var result = Move(order, to, Builders.AnActor(role), clock, "setting up the test");
            result.IsSuccess.ShouldBeTrue($"driving the order to {target}, {order.Status} -> {to} as {role} was refused: {result.Error}");
        }

        order.Status.ShouldBe(target);
    }

    /// <summary>
    /// One move the way the domain offers it: into AwaitingCustomer through
    /// <see cref="Order.ProposeChanges"/> (a substitute for the first line, with
    /// <paramref name="reason"/> as the shop's note, answered within 3 minutes), any other through
    /// <see cref="Order.TransitionTo"/>.
    /// </summary>
    public static Result Move(Order order, OrderStatus to, Actor actor, TimeProvider clock, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(clock);
        if (to != OrderStatus.AwaitingCustomer)
        {
            return order.TransitionTo(to, actor, clock, reason);
        }

        var proposed = order.ProposeChanges(ASubstituteForTheFirstLine(order, reason), actor, clock, clock.GetUtcNow().AddMinutes(3));
        return proposed.IsSuccess ? Result.Success() : Result.Failure(proposed.Error!);
    }

    /// <summary>Changes that offer one Mother Dairy milk (₹29) instead of the order's first line.</summary>
    public static ProposedChanges ASubstituteForTheFirstLine(Order order, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new ProposedChanges([], [new ProposedSubstitute(order.Lines[0].Id, Guid.NewGuid(), "Mother Dairy Toned Milk", "500 ml", new Money(2900), 1)], note);
    }
}
