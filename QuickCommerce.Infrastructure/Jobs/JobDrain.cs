using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// This process's job worker: runs <see cref="JobWorker"/> until nothing is due. One drain at a time
/// per process; a wake-up that comes while a drain runs makes that drain look once more instead of
/// starting a second one, so no wake-up is lost and none doubles the work. Used by the Coravel
/// invocable <see cref="DrainJobs"/>, which the scheduler runs every poll interval and
/// <see cref="JobListener"/> runs on every NOTIFY.
/// </summary>
public sealed partial class JobDrain(JobWorker worker, IOptions<JobOptions> options, ILogger<JobDrain> logger)
{
    /// <summary>Wake-ups not yet served: 0 when idle; above 1 when more came during a drain.</summary>
    private int _requests;

    /// <summary>This process's name in claims (locked_by): machine, process and a random part.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Runs due jobs until none is left, or asks the drain already running to look again.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _requests) > 1)
        {
            return; // The running drain sees the count moved and goes round again.
        }

        var batchSize = options.Value.BatchSize;
        try
        {
            int seen;
            do
            {
                seen = Volatile.Read(ref _requests);
                while (await worker.RunOnceAsync(WorkerId, batchSize, cancellationToken) > 0)
                {
                }
            }
            while (Interlocked.CompareExchange(ref _requests, 0, seen) != seen);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The next poll or notification tries again; a claimed job's lease brings it back if need be.
            Volatile.Write(ref _requests, 0);
            LogDrainFailed(logger, ex, WorkerId);
        }
        catch
        {
            Volatile.Write(ref _requests, 0);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job worker {WorkerId} could not reach the database; the next poll tries again")]
    private static partial void LogDrainFailed(ILogger logger, Exception error, string workerId);
}
