using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>One of the day's best sellers: units sent and what they brought in.</summary>
public sealed record TopProduct(Guid ProductId, string Name, string Unit, int Quantity, long RevenuePaise);

/// <summary>Why orders were turned down, and how many for that reason.</summary>
public sealed record RejectionReason(string Reason, int Orders);

/// <summary>
/// GET /api/v1/merchant/today: the shop's day so far, in its own calendar.
/// <see cref="OrdersPerHour"/> has 24 entries, one per local hour from midnight.
/// </summary>
public sealed record TodaySummary(
    Guid StoreId,
    DateOnly Day,
    string TimeZoneId,
    int Orders,
    long RevenuePaise,
    int SoldOrders,
    double? AverageAcceptanceSeconds,
    int RejectedOrders,
    IReadOnlyList<RejectionReason> RejectionReasons,
    IReadOnlyList<TopProduct> TopProducts,
    IReadOnlyList<int> OrdersPerHour);

/// <summary>
/// Today at a glance for a merchant's shop. "Today" is the shop's local day (Asia/Kolkata unless
/// the store says otherwise) and an order belongs to the day it was placed. Revenue counts orders
/// the shop accepted and that are still going or delivered — not rejected, cancelled or failed
/// deliveries, which bring no money. Acceptance time runs from the Placed event to the first
/// Accepted event in order_events.
/// <para>
/// Two queries whatever the day's volume: one row per order of the day (with its placed and
/// accepted times and rejection reason read by correlated subqueries from order_events), and the
/// top products grouped in SQL. A kirana's day is tens to a few hundred orders, so the per-order
/// rows are small; the hour buckets are made in the store's zone here, not in SQL.
/// </para>
/// </summary>
public sealed class MerchantToday(QuickCommerceDbContext db, TimeProvider clock)
{
    /// <summary>How many best sellers the summary lists.</summary>
    public const int TopProductCount = 5;

    /// <summary>Reason shown for a rejection that gave none.</summary>
    public const string NoReason = "No reason given";

    /// <summary>Statuses of an order the shop accepted and that still brings money.</summary>
    private static readonly OrderStatus[] Sold =
        [OrderStatus.Accepted, OrderStatus.Packed, OrderStatus.RiderAssigned, OrderStatus.PickedUp, OrderStatus.Delivered];

    /// <summary>The merchant's shop's day so far, or null when no shop is linked to the account.</summary>
    public async Task<TodaySummary?> ForOwnerAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var store = await db.Stores.AsNoTracking()
            .Where(s => s.OwnerId == ownerId)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.TimeZoneId })
            .FirstOrDefaultAsync(cancellationToken);
        return store is null ? null : await ForStoreAsync(store.Id, store.TimeZoneId, cancellationToken);
    }

    public async Task<TodaySummary> ForStoreAsync(Guid storeId, string timeZoneId, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var day = StoreTimetable.LocalDay(clock.GetUtcNow(), timeZoneId);
        var from = StoreTimetable.StartOfDay(day, timeZoneId);
        var to = StoreTimetable.StartOfDay(day.AddDays(1), timeZoneId);

        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.StoreId == storeId && o.CreatedAt >= from && o.CreatedAt < to)
            .OrderBy(o => o.CreatedAt)
            .Select(o => new
            {
                o.CreatedAt,
                o.Status,
                o.TotalPaise,
                PlacedAt = o.Events.Where(e => e.ToStatus == OrderStatus.Placed).Min(e => (DateTimeOffset?)e.OccurredAt),
                AcceptedAt = o.Events.Where(e => e.ToStatus == OrderStatus.Accepted).Min(e => (DateTimeOffset?)e.OccurredAt),
                RejectedBecause = o.Events.Where(e => e.ToStatus == OrderStatus.Rejected).OrderByDescending(e => e.Id).Select(e => e.Reason).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var top = await db.OrderLines.AsNoTracking()
            .Where(l => l.Quantity > 0
                && db.Orders.Any(o => o.Id == l.OrderId && o.StoreId == storeId && o.CreatedAt >= from && o.CreatedAt < to && Sold.Contains(o.Status)))
            .GroupBy(l => l.ProductId)
            .Select(g => new
            {
                ProductId = g.Key,
                Name = g.Max(l => l.Name)!,
                Unit = g.Max(l => l.Unit)!,
                Quantity = g.Sum(l => l.Quantity),
                Revenue = g.Sum(l => l.LineTotalPaise),
            })
            .OrderByDescending(p => p.Quantity).ThenByDescending(p => p.Revenue).ThenBy(p => p.Name)
            .Take(TopProductCount)
            .ToListAsync(cancellationToken);

        var sold = orders.Where(o => Sold.Contains(o.Status)).ToList();
        var waits = orders
            .Where(o => o.AcceptedAt is not null)
            .Select(o => (o.AcceptedAt!.Value - (o.PlacedAt ?? o.CreatedAt)).TotalSeconds)
            .ToList();
        var rejected = orders.Where(o => o.Status == OrderStatus.Rejected).ToList();
        var perHour = new int[24];
        foreach (var order in orders)
        {
            perHour[TimeZoneInfo.ConvertTime(order.CreatedAt, zone).Hour]++;
        }

        return new TodaySummary(
            storeId,
            day,
            timeZoneId,
            orders.Count,
            sold.Sum(o => o.TotalPaise),
            sold.Count,
            waits.Count == 0 ? null : Math.Round(waits.Average(), 1),
            rejected.Count,
            [
                .. rejected
                    .GroupBy(o => string.IsNullOrWhiteSpace(o.RejectedBecause) ? NoReason : o.RejectedBecause.Trim(), StringComparer.OrdinalIgnoreCase)
                    .Select(g => new RejectionReason(g.Key, g.Count()))
                    .OrderByDescending(r => r.Orders).ThenBy(r => r.Reason, StringComparer.Ordinal),
            ],
            [.. top.Select(p => new TopProduct(p.ProductId, p.Name, p.Unit, p.Quantity, p.Revenue))],
            perHour);
    }
}
