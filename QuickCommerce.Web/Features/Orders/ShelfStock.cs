using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Inventory;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>What an order holds on the shelf: put back when it will not be delivered (cancel, reject), changed when the shop changes it. Every move writes its ledger entry.</summary>
public static class ShelfStock
{
    /// <summary>The longest note a ledger entry keeps (stock_movements.note).</summary>
    private const int NoteMaxLength = 200;

    /// <summary>
    /// One increment per line, in product-id order like the reservation, so a release and a
    /// concurrent placement lock rows in the same order. Runs in the caller's transaction.
    /// Each increment writes its "Returned" ledger entry in the same statement, with the order and
    /// the actor, time and reason of the order's latest event (the cancel or reject the caller has
    /// just saved), so the ledger says who put the stock back and why. Lines at 0 hold nothing.
    /// </summary>
    public static async Task ReleaseAsync(QuickCommerceDbContext db, IEnumerable<OrderLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines.Where(l => l.Quantity > 0).OrderBy(l => l.ProductId))
        {
            await db.Database.ExecuteSqlAsync($"""
                WITH moved AS (
                    UPDATE products SET stock = stock + {line.Quantity} WHERE id = {line.ProductId}
                    RETURNING id, store_id, stock),
                latest AS (
                    SELECT actor_id, occurred_at, reason FROM order_events WHERE order_id = {line.OrderId} ORDER BY id DESC LIMIT 1)
                INSERT INTO stock_movements (product_id, store_id, delta, reason, stock_after, actor_id, order_id, note, at)
                SELECT m.id, m.store_id, {line.Quantity}, {nameof(StockChangeReason.Returned)}, m.stock, l.actor_id, {line.OrderId}, left(l.reason, 200), coalesce(l.occurred_at, now())
                FROM moved m LEFT JOIN latest l ON true
                """, cancellationToken);
        }
    }

    /// <summary>
    /// Changes what <paramref name="order"/> holds on the shelf when the shop changes it, per product
    /// in product-id order like the reservation. Units given back (a line dropped or reduced) go back
    /// first, as a "Returned" ledger entry; units taken (a substitute) then come off with the
    /// conditional decrement of <see cref="StockLedger"/>, as a "Sale" entry, and touch
    /// nothing when too few are left. Giving back first means a product both reduced and offered as a
    /// substitute is short only when the net is. Each entry carries the order and the actor, time and
    /// reason of the order's latest event (the proposal the caller has just made). Returns the products
    /// that were short, each with what is on its shelf now, and then records nothing: the caller rolls
    /// back its transaction, so nothing is half-changed. Otherwise the entries (and any low-stock job)
    /// join the caller's unit of work and commit with its SaveChanges. Runs in the caller's transaction.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> ChangeReservationAsync(
        QuickCommerceDbContext db, IJobQueue jobs, Order order, IEnumerable<ReservationChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(changes);
        var byProduct = changes
            .GroupBy(c => c.ProductId)
            .Select(g => (ProductId: g.Key, Back: -g.Where(c => c.Units < 0).Sum(c => c.Units), Taken: g.Where(c => c.Units > 0).Sum(c => c.Units)))
            .OrderBy(c => c.ProductId);
        var moved = new List<(StockChange Change, StockChangeReason Reason)>();
        var shortOf = new Dictionary<Guid, int>();
        foreach (var (productId, back, taken) in byProduct)
        {
            if (back > 0)
            {
                // A give-back cannot take the stock below zero, so only a missing product stops it: a broken invariant.
                var returned = await StockLedger.TryMoveAsync(db, order.StoreId, productId, back, cancellationToken)
                    ?? throw new InvalidOperationException($"Product {productId} of order {order.Id} is not on store {order.StoreId}'s shelf.");
                moved.Add((returned, StockChangeReason.Returned));
            }

            if (taken > 0)
            {
                if (await StockLedger.TryMoveAsync(db, order.StoreId, productId, -taken, cancellationToken) is { } sold)
                {
                    moved.Add((sold, StockChangeReason.Sale));
                }
                else
                {
                    shortOf[productId] = await db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync(cancellationToken);
                }
            }
        }

        if (shortOf.Count == 0)
        {
            var proposal = order.Events[^1];
            var note = proposal.Reason is { Length: > NoteMaxLength } longReason ? longReason[..NoteMaxLength] : proposal.Reason;
            foreach (var (change, reason) in moved)
            {
                StockLedger.Record(db, jobs, change, reason, proposal.ActorId, order.Id, note, proposal.OccurredAt);
            }
        }

        return shortOf;
    }
}
