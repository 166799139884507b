using Microsoft.EntityFrameworkCore;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// The queue at a glance. <paramref name="OldestPendingAge"/> is how long the longest-waiting due
/// job has been due (zero when none is): the lag an alert should watch, unlike jobs scheduled for later.
/// <paramref name="Retrying"/> counts the pending jobs that have failed at least once and wait for
/// their next attempt: the failures still in play, across every instance.
/// </summary>
public sealed record JobQueueSnapshot(long Pending, TimeSpan OldestPendingAge, long Running, long DeadLettered, long SucceededLastMinute, long Retrying);

/// <summary>Counts for dashboards and alerts, in one query.</summary>
public sealed class JobMetrics(QuickCommerceDbContext db)
{
    public async Task<JobQueueSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var row = await db.Database
            .SqlQuery<MetricsRow>($"""
                SELECT count(*) FILTER (WHERE status = 'Pending') AS pending,
                       coalesce(extract(epoch FROM now() - min(run_after) FILTER (WHERE status = 'Pending' AND run_after <= now())), 0)::float8 AS oldest_pending_seconds,
                       count(*) FILTER (WHERE status = 'Running') AS running,
                       count(*) FILTER (WHERE status = 'DeadLettered') AS dead_lettered,
                       count(*) FILTER (WHERE status = 'Succeeded' AND completed_at > now() - interval '1 minute') AS succeeded_last_minute,
                       count(*) FILTER (WHERE status = 'Pending' AND attempts > 0) AS retrying
                FROM jobs
                """)
            .ToListAsync(cancellationToken);
        var metrics = row[0];
        return new JobQueueSnapshot(
            metrics.Pending, TimeSpan.FromSeconds(metrics.OldestPendingSeconds), metrics.Running, metrics.DeadLettered, metrics.SucceededLastMinute, metrics.Retrying);
    }

    private sealed record MetricsRow(long Pending, double OldestPendingSeconds, long Running, long DeadLettered, long SucceededLastMinute, long Retrying);
}
