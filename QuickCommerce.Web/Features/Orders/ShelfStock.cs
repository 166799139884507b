using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>Puts an order's reserved units back on the shelf when it will not be delivered (cancel, reject).</summary>
public static class ShelfStock
{
    /// <summary>
    /// One increment per line, in product-id order like the reservation, so a release and a
    /// concurrent placement lock rows in the same order. Runs in the caller's transaction.
    /// </summary>
    public static async Task ReleaseAsync(QuickCommerceDbContext db, IEnumerable<OrderLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines.OrderBy(l => l.ProductId))
        {
            await db.Products.Where(p => p.Id == line.ProductId)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.Stock, p => p.Stock + line.Quantity), cancellationToken);
        }
    }
}
