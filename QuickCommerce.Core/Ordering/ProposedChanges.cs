using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Ordering;

/// <summary>
/// What a shop proposes for a placed order it cannot fill as ordered: new quantities for some lines
/// (0: none at all; never more than ordered) and substitutes that replace lines. The customer
/// approves or cancels.
/// </summary>
/// <param name="Lines">New quantities of lines of the order.</param>
/// <param name="Substitutes">Other products offered instead of lines, each replacing one line entirely.</param>
/// <param name="Note">What the shop tells the customer, e.g. "No Amul today; Mother Dairy is the same price". Optional.</param>
public sealed record ProposedChanges(IReadOnlyList<ProposedQuantity> Lines, IReadOnlyList<ProposedSubstitute> Substitutes, string? Note = null);

/// <summary>Line <paramref name="LineId"/> of the order, sent <paramref name="Quantity"/> times (0: unavailable).</summary>
public sealed record ProposedQuantity(long LineId, int Quantity);

/// <summary>
/// A product of the same store offered instead of line <paramref name="LineId"/>: a snapshot of its
/// name, unit and price as the catalogue has them now, and how many.
/// </summary>
public sealed record ProposedSubstitute(long LineId, Guid ProductId, string Name, string Unit, Money UnitPrice, int Quantity);

/// <summary>
/// How an order's hold on a product's shelf stock changes: positive takes <paramref name="Units"/>
/// more off the shelf, negative puts them back.
/// </summary>
public sealed record ReservationChange(Guid ProductId, int Units);
