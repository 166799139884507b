using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Housekeeping;

/// <summary>What one purge pass deleted.</summary>
public sealed record PurgeResult(int IdempotencyRecords, int SucceededJobs);

/// <summary>
/// Deletes what is kept no longer: idempotency records older than <see cref="IdempotentExecution.Retention"/>
/// and succeeded jobs completed longer ago than <see cref="HousekeepingOptions.SucceededJobRetention"/>.
/// Pending, running and dead-lettered jobs are never touched. Each DELETE takes one batch in its own
/// short transaction, skipping rows another instance (or a request) has locked, so any number of
/// instances may purge at once and none waits on another.
/// </summary>
public sealed partial class RetentionPurge(
    IDbContextFactory<QuickCommerceDbContext> contexts,
    TimeProvider clock,
    IOptions<HousekeepingOptions> options,
    ILogger<RetentionPurge> logger)
{
    /// <summary>One pass: deletes batches until a batch comes back short, for each table in turn.</summary>
    public async Task<PurgeResult> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Each age is measured on the clock that stamped it: created_at comes from the app's clock
        // (as IdempotentExecution compares it), completed_at from the database's now().
        var recordsBefore = clock.GetUtcNow() - IdempotentExecution.Retention;
        var records = await DeleteInBatchesAsync(
            batch => db.Database.ExecuteSqlAsync($"""
                DELETE FROM idempotency_records
                WHERE (user_id, key) IN (
                    SELECT user_id, key FROM idempotency_records
                    WHERE created_at < {recordsBefore}
                    LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken),
            settings.BatchSize);
        var jobs = await DeleteInBatchesAsync(
            batch => db.Database.ExecuteSqlAsync($"""
                DELETE FROM jobs
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE status = 'Succeeded' AND completed_at < now() - {settings.SucceededJobRetention}
                    LIMIT {batch}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken),
            settings.BatchSize);

        if (records + jobs > 0)
        {
            LogPurged(logger, records, jobs);
        }

        return new PurgeResult(records, jobs);
    }

    private static async Task<int> DeleteInBatchesAsync(Func<int, Task<int>> deleteBatch, int batchSize)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await deleteBatch(batchSize);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping deleted {IdempotencyRecords} expired idempotency records and {SucceededJobs} old succeeded jobs")]
    private static partial void LogPurged(ILogger logger, int idempotencyRecords, int succeededJobs);
}
