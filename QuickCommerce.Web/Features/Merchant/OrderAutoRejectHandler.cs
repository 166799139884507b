using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// A new order still placed after <see cref="MerchantAlertOptions.AutoRejectAfter"/>, acknowledged or
/// not: the platform rejects it for the shop so the customer is not left waiting, through the same
/// fenced move as the merchant's own reject (stock back on the shelf, the customer told). An order
/// the shop answered meanwhile — or one waiting for the customer to approve the shop's changes —
/// is left alone: losing the race to the merchant's accept just ends the job.
/// </summary>
public sealed partial class OrderAutoRejectHandler(
    OrderMoves moves,
    QuickCommerceDbContext db,
    Notifier notifier,
    ILogger<OrderAutoRejectHandler> logger) : IJobHandler
{
    public const string JobType = "order.auto-reject";

    /// <summary>What the customer reads.</summary>
    public const string Reason = "The shop did not answer in time";


    public string Type => JobType;

    public static string KeyFor(Guid orderId) => $"{JobType}:{orderId}";

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var timer = job.PayloadAs<NewOrderTimer>();

        // Only from Placed: whatever else the state machine allows the platform, an order the shop
        // has answered (accepted, or changed and awaiting the customer) is no longer unanswered.
        var rejected = await moves.MoveAsync(
            new OrderMove(timer.OrderId, OrderStatus.Rejected, Actor.System, Reason) { From = OrderStatus.Placed },
            cancellationToken);
        if (!rejected.IsSuccess)
        {
            LogAnswered(logger, timer.OrderId, rejected.Error!.Message);
            return;
        }

        var owner = await db.Stores.AsNoTracking().Where(s => s.Id == timer.StoreId).Select(s => s.OwnerId).SingleAsync(cancellationToken);
        if (owner is { } ownerId)
        {
            await notifier.NotifyAsync(
                new Notification(ownerId, "Order turned down for you", "A new order waited too long without an answer, so we rejected it and put its stock back on your shelf.", "/merchant"),
                KeyFor(timer.OrderId),
                cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId} was answered before its auto-reject: {Outcome}")]
    private static partial void LogAnswered(ILogger logger, Guid orderId, string outcome);
}
