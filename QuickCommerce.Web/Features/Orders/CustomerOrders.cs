using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Checkout;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>One entry of an order's history, as the timeline shows it.</summary>
public sealed record OrderEventView(string? From, string To, string Actor, string? Reason, DateTimeOffset At);

/// <summary>An order with its timeline; <paramref name="Changes"/> line by line once the shop changed it (null otherwise).</summary>
public sealed record OrderDetails(OrderView Order, IReadOnlyList<OrderEventView> Timeline, string StorePhone, OrderChangesView? Changes = null);

/// <summary>
/// A customer's own orders: history, one order with its timeline, and cancelling while the store
/// has not yet accepted. Another customer's order is simply not found.
/// </summary>
public sealed class CustomerOrders(QuickCommerceDbContext db, IJobQueue jobs, CatalogueCache catalogue, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrderView>> HistoryAsync(Guid customerId, CancellationToken cancellationToken)
    {
        var orders = await db.Orders.AsNoTracking()
            .Include(o => o.Lines)
            .Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.CreatedAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        var storeIds = orders.Select(o => o.StoreId).Distinct().ToList();
        var names = await db.Stores.AsNoTracking().Where(s => storeIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return [.. orders.Select(o => OrderViews.Of(o, names[o.StoreId]))];
    }

    public async Task<OrderDetails?> FindAsync(Guid customerId, Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking()
            .Include(o => o.Lines)
            .Include(o => o.Events)
            .AsSplitQuery()
            .SingleOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var store = await db.Stores.AsNoTracking().Where(s => s.Id == order.StoreId).Select(s => new { s.Name, s.Phone }).SingleAsync(cancellationToken);
        var timeline = order.Events
            .OrderBy(e => e.Id)
            .Select(e => new OrderEventView(e.FromStatus?.ToString(), e.ToStatus.ToString(), e.ActorRole.ToString(), e.Reason, e.OccurredAt))
            .ToList();
        var changes = OrderChangesView.Of(order, store.Name);
        return new OrderDetails(OrderViews.Of(order, store.Name), timeline, store.Phone, changes.HasChanges ? changes : null);
    }

    /// <summary>Units on the shelf now for those of <paramref name="productIds"/> still sold and in stock.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> StockOnShelfAsync(IEnumerable<Guid> productIds, CancellationToken cancellationToken)
    {
        var ids = productIds.ToList();
        return await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id) && p.IsActive && p.Stock > 0)
            .ToDictionaryAsync(p => p.Id, p => p.Stock, cancellationToken);
    }

    /// <summary>
    /// Cancels a still-placed order and puts its stock back, in one transaction. The order's
    /// version is the fencing token: if the store accepted it a moment earlier, this loses with 409.
    /// </summary>
    public async Task<Result> CancelAsync(Guid customerId, Guid orderId, CancellationToken cancellationToken)
    {
        // Joins the caller's transaction when there is one (a cancel with an Idempotency-Key), so the
        // cancel and its stored response commit together; the caller then commits and refreshes the cache.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var order = await db.Orders.Include(o => o.Lines)
            .SingleOrDefaultAsync(o => o.Id == orderId && o.CustomerId == customerId, cancellationToken);
        if (order is null)
        {
            return DomainError.NotFound("order.not-found", "There is no such order.");
        }

        if (order.Status != OrderStatus.Placed)
        {
            return DomainError.Conflict("order.not-cancellable", $"This order is already {Order.Describe(order.Status)}; call the store to change it.");
        }

        const string reason = "Cancelled by the customer";
        var moved = order.TransitionTo(OrderStatus.Cancelled, new Actor(ActorRole.Customer, customerId), clock, reason);
        if (!moved.IsSuccess)
        {
            return moved;
        }

        OrderStatusChangedHandler.Enqueue(jobs, order, ActorRole.Customer, reason);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DomainError.Conflict("order.changed", "The store changed this order just now; it can no longer be cancelled here.");
        }

        await ShelfStock.ReleaseAsync(db, order.Lines, cancellationToken);

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            await catalogue.InvalidateStoreAsync(order.StoreId, CancellationToken.None);
        }

        return Result.Success();
    }
}
