namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>A claimed job as its handler sees it. <paramref name="Payload"/> is the JSON given to Enqueue; <paramref name="Attempt"/> counts from 1.</summary>
public sealed record JobContext(Guid Id, string Type, string Key, string Payload, int Attempt);

/// <summary>
/// Does the work of one job type, in a DI scope of its own. Delivery is at least once: a worker
/// can die after the work but before recording success, and the job then runs again. So handlers
/// must be idempotent — use <see cref="JobContext.Key"/> (or the payload's ids) to recognise work
/// already done. Throwing means "try again later"; after the last attempt the job is dead-lettered.
/// </summary>
public interface IJobHandler
{
    /// <summary>The job type handled, e.g. "order.placed".</summary>
    string Type { get; }

    Task HandleAsync(JobContext job, CancellationToken cancellationToken);
}
