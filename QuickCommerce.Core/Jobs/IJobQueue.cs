using System.Diagnostics.CodeAnalysis;

namespace QuickCommerce.Core.Jobs;

/// <summary>
/// The durable job queue (a transactional outbox): follow-up work such as "order.placed"
/// notifications that must happen once the business change is committed, and only then.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "It is a queue: the shop's own word for it.")]
public interface IJobQueue
{
    /// <summary>
    /// Adds a job to the caller's unit of work. Nothing is written here: the caller's own
    /// SaveChanges (inside its transaction, if it has one) commits the job together with the
    /// business change, so either both exist or neither does. A worker picks the job up after commit.
    /// </summary>
    /// <param name="type">What the job does, e.g. "order.placed"; a handler is registered per type.</param>
    /// <param name="key">
    /// The job's idempotency key, unique across all jobs (e.g. "order.placed:{orderId}"). Enqueueing
    /// a key already added in this unit of work is a no-op; a key committed earlier makes SaveChanges
    /// fail with a unique violation, which the business change's own idempotency rules out.
    /// </param>
    /// <param name="payload">Serialised to JSON (web defaults: camelCase).</param>
    /// <param name="runAfter">Not before this moment. Defaults to as soon as the change commits.</param>
    void Enqueue(string type, string key, object payload, DateTimeOffset? runAfter = null);
}
