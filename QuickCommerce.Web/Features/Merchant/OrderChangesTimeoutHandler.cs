using QuickCommerce.Infrastructure.Jobs;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>The payload of an "order.changes-timeout" job: the customer's time to answer the shop's changes to <paramref name="OrderId"/> is up.</summary>
public sealed record OrderChangesTimedOut(Guid OrderId);

/// <summary>
/// Runs when the customer's time to answer the shop's changes is up (the job's run_after is the
/// deadline) and applies what they chose at checkout if the order still waits for them. Idempotent:
/// an order already answered, by the customer or an earlier run, is left alone.
/// </summary>
public sealed class OrderChangesTimeoutHandler(OrderChanges changes) : IJobHandler
{
    public const string JobType = "order.changes-timeout";


    public string Type => JobType;

    /// <summary>One timeout per order: a shop proposes changes to an order once.</summary>
    public static string KeyFor(Guid orderId) => $"{JobType}:{orderId}";

    public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var timedOut = job.PayloadAs<OrderChangesTimedOut>();
        var applied = await changes.ApplyDefaultAsync(timedOut.OrderId, cancellationToken);
        if (!applied.IsSuccess)
        {
            // Only "not due yet" gets here: this machine's clock is behind the database's. Throwing has
            // the worker try again a few seconds later, by when it is due.
            throw new InvalidOperationException($"Order {timedOut.OrderId}: {applied.Error!.Message}");
        }
    }
}
