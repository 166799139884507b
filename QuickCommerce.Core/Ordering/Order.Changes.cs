using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Ordering;

/// <summary>
/// Partial acceptance and substitution: the shop changes a placed order, the customer answers, and
/// without an answer by the deadline the platform does what the customer chose at checkout.
/// </summary>
public sealed partial class Order
{
    /// <summary>The longest note a shop may send with its changes.</summary>
    public const int ChangesNoteMaxLength = 300;

    /// <summary>
    /// The shop's changes to a placed order: lines it has none of (quantity 0, the line stays so the
    /// customer sees it), fewer of a line (never more), and substitutes, each a new line priced from
    /// the catalogue that replaces a line (which goes to 0). Subtotal and total are recomputed; the
    /// delivery fee stays as charged. The result may fall below the store's minimum order: the shop
    /// caused the shortfall, so the customer is not made to top up. The order then waits for the
    /// customer until <paramref name="deadline"/>.
    /// </summary>
    /// <returns>
    /// How the order's hold on each product's stock changes (units given back for what was dropped,
    /// taken for substitutes), for the caller to apply in the same transaction; or why nothing changed:
    /// a conflict when the order is not placed, forbidden for anyone but the shop, a validation error
    /// naming the field when the changes are malformed, change nothing, or leave nothing to send.
    /// </returns>
    public Result<IReadOnlyList<ReservationChange>> ProposeChanges(ProposedChanges changes, Actor actor, TimeProvider clock, DateTimeOffset deadline)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var allowed = CheckTransition(OrderStatus.AwaitingCustomer, actor);
        if (!allowed.IsSuccess)
        {
            return Result<IReadOnlyList<ReservationChange>>.Failure(allowed.Error!);
        }

        var now = clock.GetUtcNow();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, now);
        if (ProblemWith(changes) is { } problem)
        {
            return Result<IReadOnlyList<ReservationChange>>.Failure(problem);
        }

        var reservations = new List<ReservationChange>();
        var unavailable = 0;
        var reduced = 0;
        foreach (var change in changes.Lines)
        {
            var line = LineById(change.LineId)!;
            if (change.Quantity == line.Quantity)
            {
                continue;
            }

            reservations.Add(new ReservationChange(line.ProductId, change.Quantity - line.Quantity));
            if (change.Quantity == 0)
            {
                unavailable++;
            }
            else
            {
                reduced++;
            }

            line.Reduce(change.Quantity);
        }

        foreach (var offer in changes.Substitutes)
        {
            var line = LineById(offer.LineId)!;
            reservations.Add(new ReservationChange(line.ProductId, -line.Quantity));
            line.Reduce(0);
            _lines.Add(OrderLine.SubstituteFor(line, offer.ProductId, offer.Name, offer.Unit, offer.UnitPrice, offer.Quantity));
            reservations.Add(new ReservationChange(offer.ProductId, offer.Quantity));
        }

        SubtotalPaise = _lines.Sum(l => l.LineTotalPaise);
        TotalPaise = SubtotalPaise + DeliveryFeePaise;
        var note = string.IsNullOrWhiteSpace(changes.Note) ? Summary(unavailable, reduced, changes.Substitutes.Count) : changes.Note.Trim();
        Record(OrderStatus.AwaitingCustomer, actor, now, note);
        ChangesDeadline = deadline;
        return Result<IReadOnlyList<ReservationChange>>.Success(reservations);
    }

    /// <summary>The customer takes the changed order (AwaitingCustomer → Accepted).</summary>
    public Result ApproveChanges(Actor actor, TimeProvider clock) =>
        Answer(OrderStatus.Accepted, actor, clock, "Approved the shop's changes");

    /// <summary>The customer does not want the changed order (AwaitingCustomer → Cancelled); its stock goes back.</summary>
    public Result DeclineChanges(Actor actor, TimeProvider clock) =>
        Answer(OrderStatus.Cancelled, actor, clock, "Declined the shop's changes");

    /// <summary>
    /// No answer by the deadline: the platform does what the customer chose at checkout, going ahead
    /// with the changes or cancelling. Refused while the customer still has time, and once anyone answered.
    /// </summary>
    public Result ApplyChangesDefault(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (Status != OrderStatus.AwaitingCustomer)
        {
            return NothingToAnswer();
        }

        if (clock.GetUtcNow() < ChangesDeadline)
        {
            return DomainError.Conflict("order.changes-not-due", $"The customer has until {ChangesDeadline:u} to answer.");
        }

        return IfUnavailable == IfUnavailable.Proceed
            ? TransitionTo(OrderStatus.Accepted, Actor.System, clock, "No answer in time: going ahead with the shop's changes, as chosen at checkout")
            : TransitionTo(OrderStatus.Cancelled, Actor.System, clock, "No answer to the shop's changes in time: cancelled, as chosen at checkout");
    }

    private Result Answer(OrderStatus to, Actor actor, TimeProvider clock, string reason)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Status != OrderStatus.AwaitingCustomer)
        {
            return NothingToAnswer();
        }

        if (actor.Role == ActorRole.Customer && actor.UserId != CustomerId)
        {
            return DomainError.Forbidden("order.not-your-order", "Only the customer who placed the order can answer the shop's changes.");
        }

        return TransitionTo(to, actor, clock, reason);
    }

    private DomainError NothingToAnswer() =>
        DomainError.Conflict("order.no-changes-to-answer", $"This order is {Describe(Status)} now; no changes wait for an answer.");

    private OrderLine? LineById(long lineId) => _lines.Find(l => l.Id == lineId);

    /// <summary>The first thing wrong with the changes, named by the field of the request that carries it; null when they make sense.</summary>
    private DomainError? ProblemWith(ProposedChanges changes)
    {
        if (changes.Note is { Length: > ChangesNoteMaxLength })
        {
            return DomainError.Validation("note", $"Keep the note under {ChangesNoteMaxLength} characters.");
        }

        // Each line's quantity once the changes apply, and every line changes at most once.
        var after = _lines.ToDictionary(l => l.Id, l => l.Quantity);
        var touched = new HashSet<long>();
        for (var i = 0; i < changes.Lines.Count; i++)
        {
            var change = changes.Lines[i];
            var line = LineById(change.LineId);
            if (line is null)
            {
                return DomainError.Validation($"lines[{i}].lineId", $"This order has no line {change.LineId}.");
            }

            if (!touched.Add(line.Id))
            {
                return DomainError.Validation($"lines[{i}].lineId", $"{line.Name} is changed twice; say once what happens to it.");
            }

            if (change.Quantity < 0)
            {
                return DomainError.Validation($"lines[{i}].qty", "A quantity cannot be negative; 0 means none.");
            }

            if (change.Quantity > line.Quantity)
            {
                return DomainError.Validation($"lines[{i}].qty", $"A shop can send fewer {line.Name}, never more: the customer asked for {line.Quantity}.");
            }

            after[line.Id] = change.Quantity;
        }

        for (var i = 0; i < changes.Substitutes.Count; i++)
        {
            var offer = changes.Substitutes[i];
            var line = LineById(offer.LineId);
            if (line is null)
            {
                return DomainError.Validation($"substitutes[{i}].lineId", $"This order has no line {offer.LineId}.");
            }

            if (!touched.Add(line.Id))
            {
                return DomainError.Validation($"substitutes[{i}].lineId", $"{line.Name} is changed twice; say once what happens to it.");
            }

            if (offer.ProductId == line.ProductId)
            {
                return DomainError.Validation($"substitutes[{i}].productId", $"That is {line.Name} itself: to send fewer, lower its quantity instead.");
            }

            if (offer.Quantity < 1)
            {
                return DomainError.Validation($"substitutes[{i}].qty", "A substitute needs a quantity of at least 1; to drop the line, set its quantity to 0.");
            }

            after[line.Id] = 0;
        }

        if (changes.Substitutes.Count == 0 && _lines.All(l => after[l.Id] == l.Quantity))
        {
            return DomainError.Validation("lines", "Nothing would change: mark a line unavailable, send fewer, or offer a substitute — or accept the order as it is.");
        }

        return changes.Substitutes.Count == 0 && after.Values.All(q => q == 0)
            ? DomainError.Validation("lines", "Nothing would be left to send: reject the order instead, with a reason the customer reads.")
            : null;
    }

    /// <summary>"Changed by the shop: 1 unavailable, 2 fewer, 1 substitute offered", for the history when the shop left no note.</summary>
    private static string Summary(int unavailable, int reduced, int substitutes)
    {
        var parts = new List<string>();
        if (unavailable > 0)
        {
            parts.Add($"{unavailable} unavailable");
        }

        if (reduced > 0)
        {
            parts.Add($"{reduced} fewer");
        }

        if (substitutes > 0)
        {
            parts.Add(substitutes == 1 ? "1 substitute offered" : $"{substitutes} substitutes offered");
        }

        return $"Changed by the shop: {string.Join(", ", parts)}";
    }
}
