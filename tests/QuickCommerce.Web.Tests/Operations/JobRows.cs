using Microsoft.EntityFrameworkCore;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Operations;

/// <summary>
/// Rows of the jobs table in a given state, written straight to the database as a worker would have
/// left them (waiting out five failures with backoff takes half a minute), and read back.
/// </summary>
public static class JobRows
{
    /// <summary>The error a dead letter made here carries.</summary>
    public const string TimeoutError = "System.TimeoutException: The SMS gateway did not answer within 10 s.\n   at QuickCommerce.Tests.Sms.SendAsync()";

    /// <summary>A job that failed all five attempts, dead-lettered <paramref name="ago"/> (default: just now).</summary>
    public static Task<Guid> DeadLetteredAsync(
        TestDatabase database, string type = "test.send-sms", string payload = "{}", string error = TimeoutError, TimeSpan? ago = null)
    {
        var completedAt = DateTimeOffset.UtcNow - (ago ?? TimeSpan.Zero);
        return AddAsync(database, new Job
        {
            Type = type,
            Payload = payload,
            Status = JobStatus.DeadLettered,
            Attempts = Job.DefaultMaxAttempts,
            RunAfter = completedAt.AddMinutes(-1),
            LastError = error,
            CompletedAt = completedAt,
        });
    }

    /// <summary>A job waiting to run, due since <paramref name="dueFor"/> ago (negative: due in the future).</summary>
    public static Task<Guid> PendingAsync(TestDatabase database, TimeSpan dueFor) =>
        AddAsync(database, new Job { Type = "test.pending", Status = JobStatus.Pending, RunAfter = DateTimeOffset.UtcNow - dueFor });

    /// <summary>A job that failed <paramref name="attempts"/> times and waits for its next attempt, due in a minute.</summary>
    public static Task<Guid> RetryingAsync(TestDatabase database, int attempts) =>
        AddAsync(database, new Job
        {
            Type = "test.retrying",
            Status = JobStatus.Pending,
            Attempts = attempts,
            RunAfter = DateTimeOffset.UtcNow.AddMinutes(1),
            LastError = TimeoutError,
        });

    /// <summary>A job a worker holds the lease of.</summary>
    public static Task<Guid> RunningAsync(TestDatabase database) =>
        AddAsync(database, new Job
        {
            Type = "test.running",
            Status = JobStatus.Running,
            Attempts = 1,
            RunAfter = DateTimeOffset.UtcNow,
            LockedBy = "test-worker",
            LockedUntil = DateTimeOffset.UtcNow.AddMinutes(10),
        });

    /// <summary>A job that succeeded <paramref name="ago"/>.</summary>
    public static Task<Guid> SucceededAsync(TestDatabase database, TimeSpan ago) =>
        AddAsync(database, new Job
        {
            Type = "test.succeeded",
            Status = JobStatus.Succeeded,
            Attempts = 1,
            RunAfter = DateTimeOffset.UtcNow - ago,
            CompletedAt = DateTimeOffset.UtcNow - ago,
        });

    /// <summary>The row as it is now, or null if it is gone.</summary>
    public static async Task<Job?> FindAsync(TestDatabase database, Guid id)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id);
    }

    private static async Task<Guid> AddAsync(TestDatabase database, Job job)
    {
        ArgumentNullException.ThrowIfNull(database);
        job.Id = Guid.CreateVersion7();
        job.Key = $"{job.Type}:{job.Id}";
        job.CreatedAt = job.RunAfter;
        await using var db = database.NewContext();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
