using QuickCommerce.Core.Jobs;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>The payload of the "order.escalate" and "order.auto-reject" jobs.</summary>
public sealed record NewOrderTimer(Guid OrderId, Guid StoreId);

/// <summary>
/// The two clocks a new order starts: the owner's SMS/WhatsApp nudge if nobody answers, and the
/// platform's rejection if the shop never does. Durable jobs, so a restart does not lose them.
/// </summary>
public static class NewOrderTimers
{
    /// <summary>
    /// Adds both jobs to the caller's unit of work, to commit with the order itself. Each handler
    /// checks the order when it runs; an answered order makes them end without doing anything.
    /// </summary>
    public static void Enqueue(IJobQueue jobs, Guid orderId, Guid storeId, DateTimeOffset placedAt, MerchantAlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        var timer = new NewOrderTimer(orderId, storeId);
        jobs.Enqueue(OrderEscalationHandler.JobType, OrderEscalationHandler.KeyFor(orderId), timer, placedAt + options.EscalateAfter);
        jobs.Enqueue(OrderAutoRejectHandler.JobType, OrderAutoRejectHandler.KeyFor(orderId), timer, placedAt + options.AutoRejectAfter);
    }
}
