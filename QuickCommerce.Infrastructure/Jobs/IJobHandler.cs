namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>A claimed job as its handler sees it. <paramref name="Payload"/> is the JSON given to Enqueue; <paramref name="Attempt"/> counts from 1.</summary>
public sealed record JobContext(Guid Id, string Type, string Key, string Payload, int Attempt)
{
    /// <summary>The payload read back as <typeparamref name="T"/>, with the options <see cref="JobQueue"/> wrote it with.</summary>
    /// <exception cref="InvalidOperationException">The payload is JSON null: nothing a handler can act on (the job fails, then dead-letters).</exception>
    public T PayloadAs<T>() =>
        System.Text.Json.JsonSerializer.Deserialize<T>(Payload, System.Text.Json.JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"Job {Id} ({Type}) has an empty payload.");
}

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
