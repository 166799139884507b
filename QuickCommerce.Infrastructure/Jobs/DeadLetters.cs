using Microsoft.EntityFrameworkCore;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>A job that used up its attempts, as an admin sees it.</summary>
public sealed record DeadLetter(
    Guid Id, string Type, string Key, string Payload, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeadLetteredAt);

/// <summary>Dead-lettered jobs: list them, send one back to the queue, or throw one away.</summary>
public sealed class DeadLetters(QuickCommerceDbContext db)
{
    /// <summary>The most recently dead-lettered first.</summary>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.DeadLettered)
            .OrderByDescending(j => j.CompletedAt)
            .ThenByDescending(j => j.Id)
            .Take(limit)
            .Select(j => new DeadLetter(j.Id, j.Type, j.Key, j.Payload, j.Attempts, j.LastError, j.CreatedAt, j.CompletedAt))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Queues a dead-lettered job again with a full set of attempts, due now. Keeps its last error
    /// until the next attempt replaces it. False if no dead-lettered job has that id.
    /// </summary>
    public async Task<bool> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var changed = await db.Database.ExecuteSqlAsync($"""
            UPDATE jobs SET status = 'Pending', attempts = 0, run_after = now(), completed_at = NULL, locked_until = NULL, locked_by = NULL
            WHERE id = {id} AND status = 'DeadLettered'
            """, cancellationToken);
        if (changed == 1)
        {
            // The insert trigger does not see updates; wake the workers here.
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({JobListener.Channel}, '')", cancellationToken);
        }

        return changed == 1;
    }

    /// <summary>Deletes a dead-lettered job for good. False if no dead-lettered job has that id.</summary>
    public async Task<bool> DiscardAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Jobs.Where(j => j.Id == id && j.Status == JobStatus.DeadLettered).ExecuteDeleteAsync(cancellationToken) == 1;
}
