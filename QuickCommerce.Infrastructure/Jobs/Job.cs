namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>Where a job is in its life. Stored as text, so the table reads plainly.</summary>
public enum JobStatus
{
    /// <summary>Waiting for <see cref="Job.RunAfter"/> and a free worker.</summary>
    Pending,
    /// <summary>Claimed by <see cref="Job.LockedBy"/> until <see cref="Job.LockedUntil"/>; after that any worker may take it over.</summary>
    Running,
    Succeeded,
    /// <summary>Failed <see cref="Job.MaxAttempts"/> times (or has no handler); waits for an admin to retry or discard it.</summary>
    DeadLettered,
}

/// <summary>One row of the durable job queue (see <see cref="Core.Jobs.IJobQueue"/>).</summary>
public sealed class Job
{
    /// <summary>The attempts a job gets before it is dead-lettered.</summary>
    public const int DefaultMaxAttempts = 5;

    public Guid Id { get; set; }

    public string Type { get; set; } = string.Empty;

    /// <summary>The idempotency key: unique, and handed to the handler so its effects can be deduplicated.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>JSON (jsonb).</summary>
    public string Payload { get; set; } = "{}";

    public JobStatus Status { get; set; } = JobStatus.Pending;

    /// <summary>Claims so far, counted when claimed (so a worker that dies mid-job still uses one up).</summary>
    public int Attempts { get; set; }

    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Not before this moment. Left unset, the database fills in the inserting transaction's now().</summary>
    public DateTimeOffset RunAfter { get; set; }

    /// <summary>The lease: the claiming worker owns the job until then.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The worker of the latest claim; completions check it (the fencing token).</summary>
    public string? LockedBy { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the job succeeded or was dead-lettered.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
}
