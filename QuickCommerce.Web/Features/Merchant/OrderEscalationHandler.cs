using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Common;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// A new order nobody at the shop has answered after <see cref="MerchantAlertOptions.EscalateAfter"/>:
/// the owner may be away from the dashboard and the push may have gone unnoticed, so reach them on
/// the SMS/WhatsApp channel (and their inbox and devices once more). Does nothing for an order that
/// was acknowledged, answered or cancelled meanwhile.
/// </summary>
public sealed class OrderEscalationHandler(
    QuickCommerceDbContext db,
    Notifier notifier,
    INotificationChannel channel,
    IOptions<MerchantAlertOptions> options) : IJobHandler
{
    public const string JobType = "order.escalate";


    public string Type => JobType;

    public static string KeyFor(Guid orderId) => $"{JobType}:{orderId}";

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var timer = job.PayloadAs<NewOrderTimer>();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == timer.OrderId, cancellationToken);
        if (order is null || !order.AwaitsAcknowledgement)
        {
            return;
        }

        var owner = await db.Stores.AsNoTracking().Where(s => s.Id == order.StoreId).Select(s => s.OwnerId).SingleAsync(cancellationToken);
        if (owner is not { } ownerId)
        {
            return; // A store nobody runs yet has nobody to tell.
        }

        var alerts = options.Value;
        var notification = new Notification(
            ownerId,
            $"New order waiting {Formats.Wait(alerts.EscalateAfter)}",
            $"{order.Lines.Sum(l => l.Quantity)} items, {new Money(order.TotalPaise)}. Accept or reject it now: "
                + $"{Formats.Wait(alerts.AutoRejectAfter)} after it was placed it is turned down for you.",
            "/merchant");

        // The inbox entry is the record that the nudge went out: a rerun after a crash finds it and
        // sends no second SMS. (A crash between the two loses this one SMS; the push already went.)
        if (await notifier.NotifyAsync(notification, KeyFor(order.Id), cancellationToken))
        {
            await channel.SendAsync(notification, cancellationToken);
        }
    }
}
