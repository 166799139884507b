using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Checkout;
using QuickCommerce.Web.Features.Orders;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// What a shop owner does to the orders of their own shop: see them, accept, reject (with a reason
/// the customer reads, stock going back on the shelf) and mark packed. The order's version is the
/// fencing token: of two devices pressing at once, exactly one wins and the other is told what the
/// order is now. Decided in PostgreSQL, never by a Redis lock.
/// </summary>
public sealed class MerchantOrders(QuickCommerceDbContext db, IJobQueue jobs, CatalogueCache catalogue, TimeProvider clock)
{
    /// <summary>Orders of the merchant's stores, newest first; only those in <paramref name="statuses"/> unless it is empty.</summary>
    public async Task<IReadOnlyList<OrderView>> ListAsync(Guid merchantId, IReadOnlyCollection<OrderStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var stores = await db.Stores.AsNoTracking().Where(s => s.OwnerId == merchantId).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var storeIds = stores.Keys.ToList();
        var query = db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => storeIds.Contains(o.StoreId));
        if (statuses.Count > 0)
        {
            query = query.Where(o => statuses.Contains(o.Status));
        }

        var orders = await query.OrderByDescending(o => o.CreatedAt).Take(100).ToListAsync(cancellationToken);
        return [.. orders.Select(o => OrderViews.Of(o, stores[o.StoreId]))];
    }

    public Task<Result> AcceptAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken) =>
        MoveAsync(merchantId, orderId, OrderStatus.Accepted, reason: null, cancellationToken);

    public Task<Result> PackAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken) =>
        MoveAsync(merchantId, orderId, OrderStatus.Packed, reason: null, cancellationToken);

    public Task<Result> RejectAsync(Guid merchantId, Guid orderId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result.Failure(DomainError.Validation("reason", "Tell the customer why, e.g. \"Paneer is out of stock\".")));
        }

        return reason.Length > 300
            ? Task.FromResult(Result.Failure(DomainError.Validation("reason", "Keep the reason under 300 characters.")))
            : MoveAsync(merchantId, orderId, OrderStatus.Rejected, reason.Trim(), cancellationToken);
    }

    private async Task<Result> MoveAsync(Guid merchantId, Guid orderId, OrderStatus to, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders
            .Include(o => o.Lines)
            .SingleOrDefaultAsync(o => o.Id == orderId && db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == merchantId), cancellationToken);
        if (order is null)
        {
            return DomainError.NotFound("order.not-found", "There is no such order in your shop.");
        }

        var moved = order.TransitionTo(to, new Actor(ActorRole.Merchant, merchantId), clock, reason);
        if (!moved.IsSuccess)
        {
            return moved;
        }

        OrderStatusChangedHandler.Enqueue(jobs, order, ActorRole.Merchant, reason);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else (the other device, the customer, the platform) moved it first: say to what.
            await transaction.RollbackAsync(cancellationToken);
            var now = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync(cancellationToken);
            return DomainError.Conflict("order.changed", $"This order was just {Order.Describe(now)} by someone else.");
        }

        if (to == OrderStatus.Rejected)
        {
            await ShelfStock.ReleaseAsync(db, order.Lines, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (to == OrderStatus.Rejected)
        {
            await catalogue.InvalidateStoreAsync(order.StoreId, CancellationToken.None);
        }

        return Result.Success();
    }
}
