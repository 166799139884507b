using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Common;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>What a shop did that concerns a rider.</summary>
public enum RiderNoticeKind
{
    /// <summary>The shop gave the rider an order.</summary>
    Assigned,
    /// <summary>The shop offered the rider an order; the first rider to accept gets it.</summary>
    Offered,
    /// <summary>The shop took an order back from the rider.</summary>
    Unassigned,
}

/// <summary>A rider to tell, and (for offers) how far from the shop they were.</summary>
public sealed record RiderNoticeTarget(Guid RiderId, int? DistanceMetres);

/// <summary>The payload of a "rider.notice" job.</summary>
public sealed record RiderNotice(
    RiderNoticeKind Kind,
    Guid OrderId,
    Guid StoreId,
    IReadOnlyList<RiderNoticeTarget> Riders,
    DateTimeOffset? ExpiresAt,
    string? Reason);

/// <summary>
/// After a shop assigned, offered or took back an order and that committed: a live event to each
/// rider's group (the rider app's screen) and a note in their inbox with a push to their phone.
/// Idempotent: live events are refresh hints, and the inbox entry is keyed per order and kind.
/// </summary>
public sealed class RiderNoticeHandler(QuickCommerceDbContext db, ILiveEvents live, Notifier notifier, TimeProvider clock) : IJobHandler
{
    public const string JobType = "rider.notice";

    /// <summary>Live event types riders' screens receive.</summary>
    public const string AssignedEvent = "rider.assigned";

    public const string OfferEvent = "rider.offer";

    public const string UnassignedEvent = "rider.unassigned";


    public string Type => JobType;

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var notice = job.PayloadAs<RiderNotice>();
        var store = await db.Stores.AsNoTracking()
            .Where(s => s.Id == notice.StoreId)
            .Select(s => new { s.Name, s.AddressLine })
            .SingleAsync(cancellationToken);
        var (type, keyPart) = notice.Kind switch
        {
            RiderNoticeKind.Assigned => (AssignedEvent, "assigned"),
            RiderNoticeKind.Offered => (OfferEvent, "offer"),
            _ => (UnassignedEvent, "unassigned"),
        };

        foreach (var rider in notice.Riders)
        {
            var data = new Dictionary<string, string>
            {
                ["orderId"] = notice.OrderId.ToString("D", CultureInfo.InvariantCulture),
                ["storeId"] = notice.StoreId.ToString("D", CultureInfo.InvariantCulture),
                ["storeName"] = store.Name,
            };
            if (notice.ExpiresAt is { } expiresAt)
            {
                data["expiresAt"] = expiresAt.ToString("O", CultureInfo.InvariantCulture);
            }

            if (rider.DistanceMetres is { } distance)
            {
                data["distanceMetres"] = distance.ToString(CultureInfo.InvariantCulture);
            }

            await live.PublishAsync(new LiveEvent(type, [LiveGroups.Rider(rider.RiderId)], data, clock.GetUtcNow()), cancellationToken);
            await notifier.NotifyAsync(
                new Notification(rider.RiderId, Title(notice.Kind), Body(notice, store.Name, store.AddressLine, rider), "/rider"),
                $"rider.{keyPart}:{notice.OrderId}",
                cancellationToken);
        }
    }

    private static string Title(RiderNoticeKind kind) => kind switch
    {
        RiderNoticeKind.Assigned => "New delivery",
        RiderNoticeKind.Offered => "Delivery offer",
        _ => "Delivery taken back",
    };

    private static string Body(RiderNotice notice, string storeName, string storeAddress, RiderNoticeTarget rider) => notice.Kind switch
    {
        RiderNoticeKind.Assigned => $"{storeName} gave you an order. Pick it up at {storeAddress}.",
        RiderNoticeKind.Offered => rider.DistanceMetres is { } metres
            ? $"{storeName} ({Formats.Distance(metres)} away) has an order for you. Accept it within a minute; the first rider to accept gets it."
            : $"{storeName} has an order for you. Accept it within a minute; the first rider to accept gets it.",
        _ => $"{storeName} took back an order from you: {notice.Reason ?? "no reason given"}.",
    };
}
