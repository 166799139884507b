using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Ordering;

/// <summary>Walks every (from, to, role) triple of the order state machine.</summary>
public class OrderStateMachineTests
{
    private static readonly OrderStatus[] Statuses = Enum.GetValues<OrderStatus>();
    private static readonly ActorRole[] Roles = Enum.GetValues<ActorRole>();

    [Fact]
    public void The_enums_are_the_ones_the_design_was_written_for()
    {
        // If a status or role is added, the design list below must be revisited, not silently extended.
        Statuses.Length.ShouldBe(10);
        Roles.Length.ShouldBe(5);
    }

    [Fact]
    public void Every_status_is_reachable_from_placed_through_designed_moves()
    {
        foreach (var status in Statuses)
        {
            var order = AnOrder().Build();
            OrderDesign.DriveTo(order, status, new ManualClock(PlacedAt));
        }
    }

    [Fact]
    public void The_transition_table_lists_exactly_the_designed_moves_and_roles()
    {
        var inTable = OrderTransitions.All
            .SelectMany(t => t.AllowedRoles.Select(r => $"{t.From} -> {t.To} by {r}"))
            .Order()
            .ToList();
        var inDesign = OrderDesign.Moves
            .SelectMany(m => m.Roles.Select(r => $"{m.From} -> {m.To} by {r}"))
            .Order()
            .ToList();

        inTable.ShouldBe(inDesign);
        OrderTransitions.All.Select(t => (t.From, t.To)).ShouldBeUnique();
    }

    [Fact]
    public void Every_from_to_role_triple_succeeds_exactly_when_the_table_allows_it_and_the_design_agrees()
    {
        var disagreements = new List<string>();
        var walked = 0;
        var succeeded = 0;

        foreach (var (from, to, role) in AllTriples())
        {
            walked++;
            var clock = new ManualClock(PlacedAt);
            var order = AnOrder().PlacedAt(PlacedAt).Build();
            OrderDesign.DriveTo(order, from, clock);

            var result = OrderDesign.Move(order, to, AnActor(role), clock);

            var byTable = OrderTransitions.IsAllowed(from, to, role);
            var byDesign = OrderDesign.Allows(from, to, role);
            if (result.IsSuccess != byTable || result.IsSuccess != byDesign)
            {
                disagreements.Add($"{from} -> {to} by {role}: TransitionTo {(result.IsSuccess ? "succeeded" : "failed")}, table says {byTable}, design says {byDesign}");
            }

            if (result.IsSuccess)
            {
                succeeded++;
            }
        }

        disagreements.ShouldBeEmpty();
        walked.ShouldBe(Statuses.Length * Statuses.Length * Roles.Length);
        succeeded.ShouldBe(OrderDesign.Moves.Sum(m => m.Roles.Length));
    }

    [Fact]
    public void Every_allowed_triple_appends_one_event_bumps_the_version_and_stamps_the_clock_time()
    {
        foreach (var (from, to, role) in AllTriples().Where(t => OrderDesign.Allows(t.From, t.To, t.Role)))
        {
            var clock = new ManualClock(PlacedAt);
            var order = AnOrder().PlacedAt(PlacedAt).Build();
            OrderDesign.DriveTo(order, from, clock);
            var eventsBefore = order.Events.Count;
            var versionBefore = order.Version;
            clock.Advance(TimeSpan.FromMinutes(7));
            var actor = AnActor(role);
            var triple = $"{from} -> {to} by {role}";

            var result = OrderDesign.Move(order, to, actor, clock, "because the test says so");

            result.IsSuccess.ShouldBeTrue(triple);
            order.Status.ShouldBe(to, triple);
            order.Version.ShouldBe(versionBefore + 1, triple);
            order.UpdatedAt.ShouldBe(clock.GetUtcNow(), triple);
            order.CreatedAt.ShouldBe(PlacedAt, triple);
            order.Events.Count.ShouldBe(eventsBefore + 1, triple);
            var recorded = order.Events[^1];
            recorded.OrderId.ShouldBe(order.Id, triple);
            recorded.FromStatus.ShouldBe(from, triple);
            recorded.ToStatus.ShouldBe(to, triple);
            recorded.ActorRole.ShouldBe(role, triple);
            recorded.ActorId.ShouldBe(actor.UserId, triple);
            recorded.Reason.ShouldBe("because the test says so", triple);
            recorded.OccurredAt.ShouldBe(clock.GetUtcNow(), triple);
        }
    }

    [Fact]
    public void Every_refused_triple_returns_conflict_or_forbidden_and_leaves_the_order_untouched()
    {
        foreach (var (from, to, role) in AllTriples().Where(t => !OrderDesign.Allows(t.From, t.To, t.Role)))
        {
            var clock = new ManualClock(PlacedAt);
            var order = AnOrder().PlacedAt(PlacedAt).Build();
            OrderDesign.DriveTo(order, from, clock);
            var eventsBefore = order.Events.ToList();
            var versionBefore = order.Version;
            var updatedBefore = order.UpdatedAt;
            clock.Advance(TimeSpan.FromMinutes(7));
            var triple = $"{from} -> {to} by {role}";

            var result = OrderDesign.Move(order, to, AnActor(role), clock, "should not be recorded");

            result.IsSuccess.ShouldBeFalse(triple);
            result.Error.ShouldNotBeNull(triple);
            // A move the table does not have is a conflict for everyone; a real move by the wrong role is forbidden.
            if (OrderDesign.HasMove(from, to))
            {
                result.Error.Kind.ShouldBe(ErrorKind.Forbidden, triple);
                result.Error.Code.ShouldBe("order.role-not-allowed", triple);
            }
            else
            {
                result.Error.Kind.ShouldBe(ErrorKind.Conflict, triple);
                result.Error.Code.ShouldBe("order.illegal-transition", triple);
            }

            order.Status.ShouldBe(from, triple);
            order.Version.ShouldBe(versionBefore, triple);
            order.UpdatedAt.ShouldBe(updatedBefore, triple);
            order.Events.ShouldBe(eventsBefore, triple);
        }
    }

    [Theory]
    [InlineData(OrderStatus.Delivered)]
    [InlineData(OrderStatus.Rejected)]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.DeliveryFailed)]
    public void A_terminal_status_has_no_way_out_for_anyone(OrderStatus terminal)
    {
        OrderTransitions.IsTerminal(terminal).ShouldBeTrue();
        OrderTransitions.All.ShouldNotContain(t => t.From == terminal);

        var clock = new ManualClock(PlacedAt);
        var order = AnOrder().Build();
        OrderDesign.DriveTo(order, terminal, clock);
        foreach (var to in Statuses)
        {
            foreach (var role in Roles)
            {
                var result = order.TransitionTo(to, AnActor(role), clock);

                result.IsSuccess.ShouldBeFalse($"{terminal} -> {to} by {role}");
                result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
            }
        }

        order.Status.ShouldBe(terminal);
    }

    [Fact]
    public void Only_the_designed_terminal_statuses_are_terminal()
    {
        Statuses.Where(OrderTransitions.IsTerminal).ShouldBe(OrderDesign.TerminalStatuses, ignoreOrder: true);
    }

    private static IEnumerable<(OrderStatus From, OrderStatus To, ActorRole Role)> AllTriples() =>
        from origin in Statuses
        from destination in Statuses
        from role in Roles
        select (origin, destination, role);
}
