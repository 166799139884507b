using System.Globalization;
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

    /// <summary>"1 minute", "90 seconds", "5 minutes", "2 hours": how people say a wait.</summary>
    public static string Describe(TimeSpan wait)
    {
        if (wait.TotalHours >= 1 && wait.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Count((int)wait.TotalHours, "hour");
        }

        return wait.TotalMinutes >= 1 && wait.Ticks % TimeSpan.TicksPerMinute == 0
            ? Count((int)wait.TotalMinutes, "minute")
            : Count((int)Math.Round(wait.TotalSeconds), "second");
    }

    private static string Count(int count, string unit) =>
        count == 1 ? $"1 {unit}" : $"{count.ToString(CultureInfo.InvariantCulture)} {unit}s";
}
