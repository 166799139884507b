using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>Puts an order's reserved units back on the shelf when it will not be delivered (cancel, reject).</summary>
public static class ShelfStock
{
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
    /// Changes what an order holds on the shelf when the shop changes the order: per product the net
    /// of <paramref name="changes"/>, in product-id order like the reservation. Units taken (a
    /// substitute) come off with a conditional decrement that touches nothing when too few are left;
    /// units given back (a line dropped or reduced) go back at once. Returns the products that were
    /// short, each with what is on its shelf now; the caller then rolls back its transaction, so
    /// nothing is half-changed. Runs in the caller's transaction.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> ChangeReservationAsync(
        QuickCommerceDbContext db, IEnumerable<ReservationChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(changes);
        var netByProduct = changes
            .GroupBy(c => c.ProductId)
            .Select(g => (ProductId: g.Key, Units: g.Sum(c => c.Units)))
            .Where(c => c.Units != 0)
            .OrderBy(c => c.ProductId);
        var shortOf = new Dictionary<Guid, int>();
        foreach (var (productId, units) in netByProduct)
        {
            // Stock never goes negative, so "stock >= units" holds for every give-back (units < 0).
            var changed = await db.Products.Where(p => p.Id == productId && p.Stock >= units)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.Stock, p => p.Stock - units), cancellationToken);
            if (changed == 0)
            {
                shortOf[productId] = await db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync(cancellationToken);
            }
        }

        return shortOf;
    }
}
