using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Checkout;

/// <summary>The payload of an "order.placed" job.</summary>
public sealed record OrderPlaced(Guid OrderId, Guid StoreId);

/// <summary>
/// Follow-up of a placed order, run by the durable job worker after the order committed: tells the
/// shop owner through the notification channel (a logging placeholder today; live events and push
/// arrive with the event-backbone issue). Safe to run twice: a second run sends the same words again
/// and changes nothing else, and the queue marks the job done so that normally it runs once.
/// </summary>
public sealed class OrderPlacedHandler(QuickCommerceDbContext db, INotificationChannel notifications) : IJobHandler
{
    public const string JobType = "order.placed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Type => JobType;

    public static string KeyFor(Guid orderId) => $"{JobType}:{orderId}";

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var placed = JsonSerializer.Deserialize<OrderPlaced>(job.Payload, Json)
            ?? throw new InvalidOperationException($"Job {job.Id} has no order in its payload.");
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == placed.OrderId, cancellationToken);
        var owner = await db.Stores.AsNoTracking().Where(s => s.Id == placed.StoreId).Select(s => s.OwnerId).SingleAsync(cancellationToken);
        if (owner is not { } ownerId)
        {
            return; // A store nobody runs yet has nobody to tell.
        }

        await notifications.SendAsync(
            new Notification(
                ownerId,
                "New order",
                $"{order.Lines.Sum(l => l.Quantity)} items, {new Money(order.TotalPaise)}. Accept it within 5 minutes.",
                "/merchant"),
            cancellationToken);
    }
}
