using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>A shop the merchant runs, as the dashboard's header shows it.</summary>
public sealed record ShopHeader(Guid Id, string Name, string AddressLine, string TimeZoneId);

/// <summary>
/// What a shop owner does to the orders of their own shops: see them, acknowledge a new one (which
/// silences its alert on every device), accept, reject (with a reason the customer reads, stock
/// going back on the shelf) and mark packed. Everything is scoped by owner, so an owner of several
/// shops sees all of theirs and nobody else's. The moves themselves happen in <see cref="OrderMoves"/>.
/// </summary>
public sealed class MerchantOrders(QuickCommerceDbContext db, OrderMoves moves, ILiveEvents live, TimeProvider clock)
{
    /// <summary>The live event a store's screens hear when one of them acknowledged a new order.</summary>
    public const string AcknowledgedEvent = "order.acknowledged";

    private const int ListLimit = 100;

    // A kirana's whole day fits: open orders of any age plus today's finished ones.
    private const int QueueLimit = 300;

    /// <summary>The merchant's shops, oldest first: the dashboard heads with the first.</summary>
    public async Task<IReadOnlyList<ShopHeader>> StoresAsync(Guid merchantId, CancellationToken cancellationToken) =>
        await db.Stores.AsNoTracking()
            .Where(s => s.OwnerId == merchantId)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new ShopHeader(s.Id, s.Name, s.AddressLine, s.TimeZoneId))
            .ToListAsync(cancellationToken);

    /// <summary>Orders of the merchant's stores, newest first; only those in <paramref name="statuses"/> unless it is empty.</summary>
    public Task<IReadOnlyList<ShopOrderView>> ListAsync(Guid merchantId, IReadOnlyCollection<OrderStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var orders = OwnedBy(merchantId);
        if (statuses.Count > 0)
        {
            orders = orders.Where(o => statuses.Contains(o.Status));
        }

        return ProjectAsync(orders, ListLimit, cancellationToken);
    }

    /// <summary>
    /// The live queue: every order still in hand (new, accepted, packed, out for delivery) and those
    /// finished since midnight in the shop's time zone, newest first.
    /// </summary>
    public async Task<IReadOnlyList<ShopOrderView>> QueueAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var zones = await db.Stores.AsNoTracking().Where(s => s.OwnerId == merchantId).Select(s => s.TimeZoneId).Distinct().ToListAsync(cancellationToken);
        if (zones.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var today = zones.Min(zone => MidnightIn(zone, now));
        var open = QueueTabs.Open.ToList();
        var finished = QueueTabs.Finished.ToList();
        var orders = OwnedBy(merchantId).Where(o => open.Contains(o.Status) || (finished.Contains(o.Status) && o.UpdatedAt >= today));
        return await ProjectAsync(orders, QueueLimit, cancellationToken);
    }

    public Task<Result> AcceptAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken) =>
        moves.MoveAsync(new OrderMove(orderId, OrderStatus.Accepted, new Actor(ActorRole.Merchant, merchantId)) { ShopOwnerId = merchantId }, cancellationToken);

    public Task<Result> PackAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken) =>
        moves.MoveAsync(new OrderMove(orderId, OrderStatus.Packed, new Actor(ActorRole.Merchant, merchantId)) { ShopOwnerId = merchantId }, cancellationToken);

    public Task<Result> RejectAsync(Guid merchantId, Guid orderId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result.Failure(DomainError.Validation("reason", "Tell the customer why, e.g. \"Paneer is out of stock\".")));
        }

        return reason.Length > 300
            ? Task.FromResult(Result.Failure(DomainError.Validation("reason", "Keep the reason under 300 characters.")))
            : moves.MoveAsync(
                new OrderMove(orderId, OrderStatus.Rejected, new Actor(ActorRole.Merchant, merchantId), reason.Trim()) { ShopOwnerId = merchantId },
                cancellationToken);
    }

    /// <summary>
    /// Someone at the shop has seen the new order: its alert stops on every device of the shop.
    /// Idempotent: the time is set once, and acknowledging again (or after an accept) succeeds quietly.
    /// </summary>
    public async Task<Result> AcknowledgeAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken)
    {
        var storeId = await OwnedBy(merchantId).Where(o => o.Id == orderId).Select(o => (Guid?)o.StoreId).SingleOrDefaultAsync(cancellationToken);
        if (storeId is null)
        {
            return DomainError.NotFound("order.not-found", "There is no such order in your shop.");
        }

        if (await moves.StampAcknowledgedAsync(orderId, cancellationToken))
        {
            // After the (auto-committed) update: the other devices refresh and find it acknowledged.
            await live.PublishAsync(
                new LiveEvent(
                    AcknowledgedEvent,
                    [LiveGroups.Store(storeId.Value)],
                    new Dictionary<string, string>
                    {
                        ["orderId"] = orderId.ToString("D", CultureInfo.InvariantCulture),
                        ["storeId"] = storeId.Value.ToString("D", CultureInfo.InvariantCulture),
                    },
                    clock.GetUtcNow()),
                CancellationToken.None);
        }

        return Result.Success();
    }

    private IQueryable<Order> OwnedBy(Guid merchantId) =>
        db.Orders.AsNoTracking().Where(o => db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == merchantId));

    /// <summary>One query: the orders with their lines, store name and the PostGIS distance to the delivery point.</summary>
    private async Task<IReadOnlyList<ShopOrderView>> ProjectAsync(IQueryable<Order> orders, int limit, CancellationToken cancellationToken) =>
        await (
            from o in orders
            join s in db.Stores on o.StoreId equals s.Id
            orderby o.CreatedAt descending
            select new ShopOrderView(
                o.Id,
                o.Status,
                o.StoreId,
                s.Name,
                o.Lines.OrderBy(l => l.Id)
                    .Select(l => new ShopOrderLine(l.ProductId, l.Name, l.Unit, l.Quantity, l.UnitPricePaise, l.LineTotalPaise))
                    .ToList(),
                o.SubtotalPaise,
                o.DeliveryFeePaise,
                o.TotalPaise,
                o.DeliveryAddress,
                Kilometres(o.DeliveryPoint.Distance(s.Location)),
                o.PaymentMethod == PaymentMethod.CashOnDelivery ? "cod" : "upi-placeholder",
                o.IfUnavailable == IfUnavailable.Proceed ? "proceed" : "cancel",
                o.Note,
                o.CreatedAt,
                o.UpdatedAt,
                o.AcknowledgedAt))
            .Take(limit)
            .ToListAsync(cancellationToken);

    /// <summary>ST_Distance on geography is in metres.</summary>
    private static double Kilometres(double metres) => Math.Round(metres / 1000, 1, MidpointRounding.AwayFromZero);

    private static DateTimeOffset MidnightIn(string timeZoneId, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return new DateTimeOffset(local.Date, zone.GetUtcOffset(local.Date)).ToUniversalTime();
    }
}
