using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// Runs a <see cref="JobWorker"/> in the background: drains due jobs, then sleeps until a NOTIFY on
/// <see cref="Channel"/> (sent by the insert trigger on jobs) or the poll interval, whichever comes
/// first. The poll catches what no notification announces: retries whose backoff has passed,
/// expired leases, and notifications lost while the listening connection was down.
/// A plain BackgroundService rather than a Coravel invocable: the wait on the listening
/// connection is the schedule, and one loop per process never overlaps itself.
/// </summary>
public sealed partial class JobWorkerHost(
    JobWorker worker,
    string connectionString,
    IOptions<JobOptions> options,
    ILogger<JobWorkerHost> logger) : BackgroundService
{
    /// <summary>The channel the jobs insert trigger notifies.</summary>
    public const string Channel = "qc_jobs";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    private readonly string _workerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        // Keepalives make a silently dropped listening connection fail, so the loop reconnects.
        var listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 30, Pooling = false }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenConnectionString);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    while (await worker.RunOnceAsync(_workerId, settings.BatchSize, stoppingToken) > 0)
                    {
                    }

                    // Notifications that arrived while draining are buffered and end this wait at once.
                    await connection.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogWorkerFailed(logger, ex, _workerId, ReconnectDelay);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job worker {WorkerId} lost the database; retrying in {Delay}")]
    private static partial void LogWorkerFailed(ILogger logger, Exception error, string workerId, TimeSpan delay);
}
