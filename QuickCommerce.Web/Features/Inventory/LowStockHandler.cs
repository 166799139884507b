using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>The payload of an "inventory.low-stock" job: which product crossed its threshold, to what, and when.</summary>
public sealed record LowStockReached(Guid ProductId, Guid StoreId, int StockAfter, int LowStockThreshold, DateTimeOffset At);

/// <summary>
/// Tells the shop owner (inbox and push) that a product ran low, once the change that took it there
/// committed. At most one alert per product per day of the store's calendar: the inbox key is the
/// product and the day, so a product that dips, is restocked and dips again the same day, or a job
/// that runs twice, reaches the owner once. A product restocked before the job ran is not reported.
/// </summary>
public sealed class LowStockHandler(QuickCommerceDbContext db, Notifier notifier) : IJobHandler
{
    public const string JobType = "inventory.low-stock";


    public string Type => JobType;

    /// <summary>The inbox key: one alert per product per day.</summary>
    public static string NotificationKey(Guid productId, DateOnly day) =>
        $"low-stock:{productId}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Adds the job to the caller's unit of work. Each crossing is its own job (job keys are unique for
    /// ever); the handler's inbox key is what keeps it to one alert a day.
    /// </summary>
    public static void Enqueue(IJobQueue jobs, StockChange change, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(change);
        jobs.Enqueue(
            JobType,
            $"{JobType}:{change.ProductId:N}:{Guid.CreateVersion7(at):N}",
            new LowStockReached(change.ProductId, change.StoreId, change.StockAfter, change.LowStockThreshold, at));
    }

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var reached = job.PayloadAs<LowStockReached>();
        var product = await db.Products.AsNoTracking()
            .Where(p => p.Id == reached.ProductId)
            .Select(p => new { p.Name, p.Unit, p.Stock, p.LowStockThreshold })
            .SingleOrDefaultAsync(cancellationToken);
        var store = await db.Stores.AsNoTracking()
            .Where(s => s.Id == reached.StoreId)
            .Select(s => new { s.OwnerId, s.TimeZoneId })
            .SingleOrDefaultAsync(cancellationToken);
        if (product is null || store?.OwnerId is not { } ownerId || product.Stock > product.LowStockThreshold)
        {
            return; // Deleted, nobody runs the shop yet, or already restocked: nothing worth a bell.
        }

        var day = StoreTimetable.LocalDay(reached.At, store.TimeZoneId);
        await notifier.NotifyAsync(
            new Notification(
                ownerId,
                $"Low stock: {product.Name}",
                product.Stock == 0
                    ? $"{product.Name} ({product.Unit}) is out of stock. Restock it to keep selling."
                    : $"{product.Name} ({product.Unit}) is down to {product.Stock} (your alert level is {product.LowStockThreshold}).",
                "/merchant/inventory?lowStock=true"),
            NotificationKey(reached.ProductId, day),
            cancellationToken);
    }
}
