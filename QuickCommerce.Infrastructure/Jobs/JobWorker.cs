using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>A job as a claim returns it.</summary>
public sealed record ClaimedJob(Guid Id, string Type, string Key, string Payload, int Attempts, int MaxAttempts);

/// <summary>
/// Claims due jobs and runs their handlers. Any number of workers, in any number of processes,
/// may run at once: the claim takes rows FOR UPDATE SKIP LOCKED in a short transaction of its
/// own and leases them; a lease that runs out (the worker died) makes the job claimable again.
/// Every later write checks locked_by (the fencing token), so a worker that lost its lease
/// cannot overwrite what the new owner did.
/// </summary>
public sealed partial class JobWorker(
    IDbContextFactory<QuickCommerceDbContext> contexts,
    IServiceScopeFactory scopes,
    IOptions<JobOptions> options,
    IMeterFactory meters,
    ILogger<JobWorker> logger)
{
    /// <summary>Failed attempts in this process, by job type and what came of them ("retry" or "dead_letter").</summary>
    private readonly Counter<long> _failures = meters.Create(JobQueueMeter.MeterName).CreateCounter<long>(
        "quickcommerce.jobs.failures", unit: "{attempt}", description: "Failed job attempts, by job type and outcome (retry or dead_letter).");

    /// <summary>Claims up to <paramref name="batchSize"/> due jobs and runs each; returns how many were claimed (0: nothing is due).</summary>
    public async Task<int> RunOnceAsync(string workerId, int batchSize, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(workerId, batchSize, cancellationToken);
        foreach (var job in claimed)
        {
            await RunAsync(workerId, job, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>
    /// Leases up to <paramref name="batchSize"/> due jobs to <paramref name="workerId"/>: pending ones
    /// whose run_after has come, and running ones whose lease ran out. Counts the attempt.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string workerId, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database
            .SqlQuery<ClaimedJob>($"""
                UPDATE jobs
                SET status = 'Running', locked_until = now() + {options.Value.Lease}, locked_by = {workerId}, attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE (status = 'Pending' AND run_after <= now()) OR (status = 'Running' AND locked_until < now())
                    ORDER BY run_after
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING id, type, key, payload::text AS payload, attempts, max_attempts
                """)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Records success if <paramref name="workerId"/> still holds the job; false if it lost the lease.</summary>
    public async Task<bool> MarkSucceededAsync(Guid jobId, string workerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE jobs SET status = 'Succeeded', completed_at = now(), locked_until = NULL
            WHERE id = {jobId} AND status = 'Running' AND locked_by = {workerId}
            """, cancellationToken) == 1;
    }

    /// <summary>
    /// The delay before retry number <paramref name="attempts"/> + 1: base × 2^(attempts − 1), capped,
    /// then ± up to 20 % jitter so jobs that failed together do not retry together.
    /// </summary>
    public static TimeSpan Backoff(int attempts, TimeSpan baseDelay, TimeSpan cap)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), cap.TotalMilliseconds);
        var jitter = 1 + ((Random.Shared.NextDouble() * 0.4) - 0.2);
        return TimeSpan.FromMilliseconds(delay * jitter);
    }

    private async Task RunAsync(string workerId, ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Few handlers exist, so resolving them all per job costs little and keeps registration plain.
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Type == job.Type);
        if (handler is null)
        {
            LogNoHandler(logger, job.Id, job.Type);
            CountFailure(job, "dead_letter");
            await DeadLetterAsync(job, workerId, $"No handler is registered for job type '{job.Type}'.", cancellationToken);
            return;
        }

        try
        {
            await handler.HandleAsync(new JobContext(job.Id, job.Type, job.Key, job.Payload, job.Attempts), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and another worker takes the job over.
            throw;
        }
#pragma warning disable CA1031 // Any failure of a handler is a failed attempt; the worker must go on with the next job.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await FailAsync(job, workerId, ex, cancellationToken);
            return;
        }

        if (!await MarkSucceededAsync(job.Id, workerId, cancellationToken))
        {
            LogLostLease(logger, job.Id, workerId);
        }
    }

    private async Task FailAsync(ClaimedJob job, string workerId, Exception error, CancellationToken cancellationToken)
    {
        var message = error.ToString();
        if (job.Attempts >= job.MaxAttempts)
        {
            LogDeadLettered(logger, error, job.Id, job.Type, job.Attempts);
            CountFailure(job, "dead_letter");
            await DeadLetterAsync(job, workerId, message, cancellationToken);
            return;
        }

        var delay = Backoff(job.Attempts, options.Value.BackoffBase, options.Value.BackoffCap);
        LogRetry(logger, error, job.Id, job.Type, job.Attempts, delay);
        CountFailure(job, "retry");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE jobs SET status = 'Pending', run_after = now() + {delay}, locked_until = NULL, last_error = {message}
            WHERE id = {job.Id} AND status = 'Running' AND locked_by = {workerId}
            """, cancellationToken);
    }

    private void CountFailure(ClaimedJob job, string outcome) =>
        _failures.Add(1, new KeyValuePair<string, object?>("job.type", job.Type), new KeyValuePair<string, object?>("outcome", outcome));

    private async Task DeadLetterAsync(ClaimedJob job, string workerId, string error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE jobs SET status = 'DeadLettered', completed_at = now(), locked_until = NULL, last_error = {error}
            WHERE id = {job.Id} AND status = 'Running' AND locked_by = {workerId}
            """, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed on attempt {Attempt}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception error, Guid jobId, string jobType, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({JobType}) failed on attempt {Attempt}, its last; dead-lettered")]
    private static partial void LogDeadLettered(ILogger logger, Exception error, Guid jobId, string jobType, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} has type {JobType}, which no handler handles; dead-lettered")]
    private static partial void LogNoHandler(ILogger logger, Guid jobId, string jobType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} finished on worker {WorkerId} after its lease passed to another worker; result discarded")]
    private static partial void LogLostLease(ILogger logger, Guid jobId, string workerId);
}
