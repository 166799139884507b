using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Common;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Features.Checkout;

/// <summary>The payload of an "order.placed" job.</summary>
public sealed record OrderPlaced(Guid OrderId, Guid StoreId);

/// <summary>
/// Follow-up of a placed order, run by the durable job worker after the order committed: the store's
/// open dashboards (and the admin board) hear of it at once through a live event, and the shop owner
/// gets an inbox entry and a push to their devices. Safe to run twice: the live event is a refresh
/// hint and the inbox entry is keyed by the order, so nothing reaches the owner twice.
/// </summary>
public sealed class OrderPlacedHandler(
    QuickCommerceDbContext db, ILiveEvents live, Notifier notifier, IOptions<MerchantAlertOptions> alerts, TimeProvider clock) : IJobHandler
{
    public const string JobType = "order.placed";


    public string Type => JobType;

    public static string KeyFor(Guid orderId) => $"{JobType}:{orderId}";

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var placed = job.PayloadAs<OrderPlaced>();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == placed.OrderId, cancellationToken);
        await live.PublishAsync(
            new LiveEvent(
                JobType,
                [LiveGroups.Store(placed.StoreId), LiveGroups.AdminBoard],
                new Dictionary<string, string>
                {
                    ["orderId"] = placed.OrderId.ToString("D", CultureInfo.InvariantCulture),
                    ["storeId"] = placed.StoreId.ToString("D", CultureInfo.InvariantCulture),
                    ["totalPaise"] = order.TotalPaise.ToString(CultureInfo.InvariantCulture),
                },
                clock.GetUtcNow()),
            cancellationToken);

        var owner = await db.Stores.AsNoTracking().Where(s => s.Id == placed.StoreId).Select(s => s.OwnerId).SingleAsync(cancellationToken);
        if (owner is not { } ownerId)
        {
            return; // A store nobody runs yet has nobody to tell.
        }

        await notifier.NotifyAsync(
            new Notification(
                ownerId,
                "New order",
                $"{order.Lines.Sum(l => l.Quantity)} items, {new Money(order.TotalPaise)}. Accept it within {Formats.Wait(alerts.Value.AutoRejectAfter)}.",
                "/merchant"),
            KeyFor(placed.OrderId),
            cancellationToken);
    }
}
