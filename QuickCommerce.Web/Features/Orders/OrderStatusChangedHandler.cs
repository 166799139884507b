using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Common;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>The payload of an "order.status" job: an order reached <paramref name="Status"/>, moved by <paramref name="By"/>.</summary>
public sealed record OrderStatusChanged(Guid OrderId, Guid StoreId, Guid CustomerId, OrderStatus Status, ActorRole By, string? Reason);

/// <summary>
/// After an order moved (accepted, rejected, packed, cancelled …) and the move committed: tells every
/// open screen (the order page, the customer's and the store's dashboards, the admin board) and puts
/// a note in the inbox of whoever did not make the move. Idempotent: the live event is a refresh
/// hint (a second one changes nothing) and the inbox entry is keyed by order and status.
/// </summary>
public sealed class OrderStatusChangedHandler(
    QuickCommerceDbContext db, ILiveEvents live, Notifier notifier, IOptions<OrderChangesOptions> changesOptions, TimeProvider clock) : IJobHandler
{
    public const string JobType = "order.status";

    /// <summary>The live event type a moved order sends.</summary>
    public const string LiveType = "order.status";


    public string Type => JobType;

    /// <summary>
    /// Adds the follow-up of <paramref name="order"/>'s latest move to the caller's unit of work, so it
    /// commits (or not) with the move itself. The key carries the order's version: a status can come round
    /// again (a rider drops out: Packed, RiderAssigned, Packed …) and each move is its own job.
    /// </summary>
    public static void Enqueue(IJobQueue jobs, Order order, ActorRole by, string? reason)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(order);
        jobs.Enqueue(
            JobType,
            $"{JobType}:{order.Id}:{order.Status}:v{order.Version}",
            new OrderStatusChanged(order.Id, order.StoreId, order.CustomerId, order.Status, by, reason));
    }

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var changed = job.PayloadAs<OrderStatusChanged>();
        await live.PublishAsync(
            new LiveEvent(
                LiveType,
                [LiveGroups.Order(changed.OrderId), LiveGroups.User(changed.CustomerId), LiveGroups.Store(changed.StoreId), LiveGroups.AdminBoard],
                new Dictionary<string, string>
                {
                    ["orderId"] = changed.OrderId.ToString("D", CultureInfo.InvariantCulture),
                    ["storeId"] = changed.StoreId.ToString("D", CultureInfo.InvariantCulture),
                    ["status"] = changed.Status.ToString(),
                },
                clock.GetUtcNow()),
            cancellationToken);

        var store = await db.Stores.AsNoTracking().Where(s => s.Id == changed.StoreId).Select(s => new { s.Name, s.OwnerId }).SingleAsync(cancellationToken);
        var key = $"{JobType}:{changed.OrderId}:{changed.Status}";
        if (changed.By != ActorRole.Customer && ForCustomer(changed, store.Name, changesOptions.Value.ApprovalWindow) is { } note)
        {
            await notifier.NotifyAsync(new Notification(changed.CustomerId, note.Title, note.Body, $"/orders/{changed.OrderId}"), key, cancellationToken);
        }
        else if (changed.By == ActorRole.Customer && changed.Status == OrderStatus.Cancelled && store.OwnerId is { } ownerId)
        {
            await notifier.NotifyAsync(new Notification(ownerId, "Order cancelled", "The customer cancelled an order before you accepted it. Its stock is back on your shelf.", "/merchant"), key, cancellationToken);
        }
        else if (changed.By == ActorRole.Customer && changed.Status == OrderStatus.Accepted && store.OwnerId is { } approvedFor)
        {
            await notifier.NotifyAsync(new Notification(approvedFor, "Changes approved", "The customer approved your changes to their order: pack it as changed.", "/merchant"), key, cancellationToken);
        }
    }

    /// <summary>What the customer reads about a move someone else made; null for moves not worth a message.</summary>
    private static (string Title, string Body)? ForCustomer(OrderStatusChanged changed, string storeName, TimeSpan approvalWindow) => changed.Status switch
    {
        OrderStatus.AwaitingCustomer => ("The shop changed your order",
            $"{storeName} changed your order — approve within {Formats.Wait(approvalWindow)}.{(changed.Reason is null ? null : $" {storeName} says: {changed.Reason}")}"),
        OrderStatus.Accepted when changed.By == ActorRole.System => ("Order accepted with changes",
            $"You did not answer in time, so {storeName} goes ahead with the changed order, as you chose at checkout."),
        OrderStatus.Accepted => ("Order accepted", $"{storeName} accepted your order and is packing it."),
        OrderStatus.Rejected => ("Order not accepted", $"{storeName} could not take your order: {changed.Reason ?? "no reason given"}. You have not been charged."),
        OrderStatus.Packed => ("Order packed", $"{storeName} packed your order; a rider will pick it up soon."),
        OrderStatus.RiderAssigned => ("Rider assigned", "A rider is on the way to the store for your order."),
        OrderStatus.PickedUp => ("On the way", "Your order has left the store and is on its way to you."),
        OrderStatus.Delivered => ("Delivered", $"Your order from {storeName} was delivered. Enjoy!"),
        OrderStatus.DeliveryFailed => ("Delivery failed", $"We could not deliver your order from {storeName}: {changed.Reason ?? "please call the store"}."),
        OrderStatus.Cancelled => ("Order cancelled", $"Your order from {storeName} was cancelled: {changed.Reason ?? "please call the store"}."),
        _ => null,
    };
}
