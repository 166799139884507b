using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// Adds job rows to the request's scoped <see cref="QuickCommerceDbContext"/>, so they commit with
/// the business change. An INSERT … ON CONFLICT (key) DO NOTHING would make duplicates silent, but
/// it cannot join EF's SaveChanges; instead a key already added in this unit of work is skipped, and
/// the unique index on key turns a committed duplicate into a failed SaveChanges — which the
/// business change's own idempotency (one order, one "order.placed") already makes impossible.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "It is a queue: the shop's own word for it.")]
public sealed class JobQueue(QuickCommerceDbContext db, TimeProvider clock) : IJobQueue
{
    public void Enqueue(string type, string key, object payload, DateTimeOffset? runAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(payload);
        if (db.ChangeTracker.Entries<Job>().Any(e => e.Entity.Key == key))
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.Jobs.Add(new Job
        {
            Id = Guid.CreateVersion7(now),
            Type = type,
            Key = key,
            Payload = JsonSerializer.Serialize(payload, payload.GetType(), JsonSerializerOptions.Web),
            Status = JobStatus.Pending,
            RunAfter = runAfter ?? default,
            CreatedAt = now,
        });
    }
}
