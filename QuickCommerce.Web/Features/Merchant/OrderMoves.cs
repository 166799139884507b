using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Orders;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>One move of an order on the shop's side, by the shop or by the platform for it; the reason is for the customer to read.</summary>
public sealed record OrderMove(Guid OrderId, OrderStatus To, Actor By, string? Reason = null)
{
    /// <summary>Only an order of a store this account runs; any other is "not found". Defaults to any store (the platform).</summary>
    public Guid? ShopOwnerId { get; init; }

    /// <summary>Only while the order is still in this status, even where the state machine would allow more. Defaults to any.</summary>
    public OrderStatus? From { get; init; }
}

/// <summary>
/// The one place the shop's moves happen — the merchant's accept, reject and pack and the platform's
/// auto-reject alike. The order's version is the fencing token: of two actors moving one order at
/// once (the counter tablet, the owner's phone, the auto-reject job), exactly one wins and the
/// others are told what the order is now. Decided in PostgreSQL, never by a Redis lock. A rejected
/// order's stock goes back on the shelf in the same transaction; the customer hears of every move
/// through the "order.status" job committed with it.
/// </summary>
public sealed class OrderMoves(QuickCommerceDbContext db, IJobQueue jobs, CatalogueCache catalogue, TimeProvider clock)
{
    public async Task<Result> MoveAsync(OrderMove move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var orders = db.Orders.Include(o => o.Lines).Where(o => o.Id == move.OrderId);
        if (move.ShopOwnerId is { } ownerId)
        {
            orders = orders.Where(o => db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == ownerId));
        }

        var order = await orders.SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return DomainError.NotFound("order.not-found", "There is no such order in your shop.");
        }

        if (move.From is { } from && order.Status != from)
        {
            return Changed(order.Status);
        }

        var moved = order.TransitionTo(move.To, move.By, clock, move.Reason);
        if (!moved.IsSuccess)
        {
            if (WaitsForCustomer(order.Status, move))
            {
                return WaitingForCustomer;
            }

            return CanEverMake(move) && moved.Error!.Kind == ErrorKind.Forbidden
                // The order moved on to where this role has no say (say, awaiting the customer's answer
                // to the other device's changes): like any lost race, that is a conflict, not a refusal.
                ? DomainError.Conflict("order.illegal-transition", $"This order is {Order.Describe(order.Status)} and cannot be {Order.Describe(move.To)} now.")
                : moved;
        }

        OrderStatusChangedHandler.Enqueue(jobs, order, move.By.Role, move.Reason);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else (the other device, the customer, the platform) moved it first: say to what.
            await transaction.RollbackAsync(cancellationToken);
            var now = await db.Orders.AsNoTracking().Where(o => o.Id == move.OrderId).Select(o => o.Status).SingleAsync(cancellationToken);
            return WaitsForCustomer(now, move) ? WaitingForCustomer : Changed(now);
        }

        if (move.To == OrderStatus.Rejected)
        {
            await ShelfStock.ReleaseAsync(db, order.Lines, cancellationToken);
        }

        if (move.By.Role == ActorRole.Merchant && move.To is OrderStatus.Accepted or OrderStatus.Rejected)
        {
            // Answering an order silences its alert on every device. The row is ours (locked by the
            // versioned update above) until commit, so an acknowledgement racing this one waits and
            // then finds the time already set: it is written once.
            await StampAcknowledgedAsync(order.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (move.To == OrderStatus.Rejected)
        {
            await catalogue.InvalidateStoreAsync(order.StoreId, CancellationToken.None);
        }

        return Result.Success();
    }

    /// <summary>
    /// Sets the order's acknowledgement time unless it has one: true when this call set it. A
    /// conditional update rather than a tracked change because it must neither bump the version
    /// (silencing an alert must never make a concurrent accept lose) nor overwrite an earlier time.
    /// </summary>
    public async Task<bool> StampAcknowledgedAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stamped = await db.Orders
            .Where(o => o.Id == orderId && o.AcknowledgedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.AcknowledgedAt, now), cancellationToken);
        return stamped == 1;
    }

    /// <summary>
    /// The shop proposed changes and the customer has not answered: no move of the shop's applies
    /// (the table lets only the customer or the deadline move it on), and "cannot be accepted now"
    /// would not tell the merchant why or what to wait for.
    /// </summary>
    private static bool WaitsForCustomer(OrderStatus now, OrderMove move) =>
        now == OrderStatus.AwaitingCustomer && move.By.Role == ActorRole.Merchant;

    private static DomainError WaitingForCustomer =>
        DomainError.Conflict("order.awaiting-customer", "This order is waiting for the customer to approve your changes.");

    private static bool CanEverMake(OrderMove move) =>
        OrderTransitions.All.Any(t => t.To == move.To && t.AllowedRoles.Contains(move.By.Role));

    private static DomainError Changed(OrderStatus now) =>
        DomainError.Conflict("order.changed", $"This order was just {Order.Describe(now)} by someone else.");
}
