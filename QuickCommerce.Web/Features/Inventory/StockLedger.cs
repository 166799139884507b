using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>What one conditional stock update did: the product's stock after it and its low-stock threshold.</summary>
public sealed record StockChange(Guid ProductId, Guid StoreId, int Delta, int StockAfter, int LowStockThreshold)
{
    /// <summary>True when this change took the product to or below its threshold from above it.</summary>
    public bool CrossedIntoLowStock => Product.CrossesIntoLowStock(StockAfter - Delta, StockAfter, LowStockThreshold);
}

/// <summary>
/// Every stock move that can race another (a sale, a merchant's adjustment) goes through here: one
/// conditional UPDATE that can never take the stock below zero and returns what it left, then a
/// ledger entry with that figure, and a low-stock job when the move crossed the threshold — all in
/// the caller's transaction, so the stock, its ledger and the alert commit together or not at all.
/// </summary>
public static class StockLedger
{
    /// <summary>
    /// Moves the stock of <paramref name="productId"/> (on <paramref name="storeId"/>'s shelf) by
    /// <paramref name="delta"/> unless that would take it below zero. Null when no row changed: the
    /// product is not there, or has too little stock. The row stays locked until the caller's transaction ends.
    /// </summary>
    public static async Task<StockChange?> TryMoveAsync(QuickCommerceDbContext db, Guid storeId, Guid productId, int delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfZero(delta);
        var rows = await db.Database.SqlQuery<MovedRow>($"""
            UPDATE products SET stock = stock + {delta}
            WHERE id = {productId} AND store_id = {storeId} AND stock + {delta} >= 0
            RETURNING stock AS stock_after, low_stock_threshold
            """).ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : new StockChange(productId, storeId, delta, rows[0].StockAfter, rows[0].LowStockThreshold);
    }

    /// <summary>
    /// Adds the ledger entry for <paramref name="change"/> to the caller's unit of work, and the
    /// low-stock job if the change crossed the threshold. Nothing is written until the caller saves.
    /// </summary>
    public static StockMovement Record(
        QuickCommerceDbContext db, IJobQueue jobs, StockChange change, StockChangeReason reason, Guid? actorId, Guid? orderId, string? note, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(change);
        var movement = new StockMovement(change.ProductId, change.StoreId, change.Delta, reason, change.StockAfter, actorId, orderId, note, at);
        db.StockMovements.Add(movement);
        if (change.CrossedIntoLowStock)
        {
            LowStockHandler.Enqueue(jobs, change, at);
        }

        return movement;
    }

    private sealed record MovedRow(int StockAfter, int LowStockThreshold);
}
