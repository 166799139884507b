using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// Wakes the <see cref="DrainJobs"/> invocable the moment a job is committed: LISTENs on
/// <see cref="Channel"/> (notified by the insert trigger on jobs) and invokes it on every notification,
/// and once on every (re)connect for what was announced while it was away. The Coravel schedule's poll
/// covers everything no notification announces.
/// </summary>
public sealed partial class JobListener(
    IServiceScopeFactory scopes,
    string connectionString,
    ILogger<JobListener> logger) : BackgroundService
{
    /// <summary>The channel the jobs insert trigger notifies.</summary>
    public const string Channel = "qc_jobs";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    /// <summary>How long one wait lasts before it is simply renewed; the poll is Coravel's, not this.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

                var wake = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (wake)
                    {
                        await WakeAsync(stoppingToken);
                    }

                    // Notifications that arrived while draining are buffered and end this wait at once.
                    wake = await connection.WaitAsync(WaitSlice, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogListenerFailed(logger, ex, ReconnectDelay);
                await Task.Delay(ReconnectDelay, stoppingToken);
            }
        }
    }

    private async Task WakeAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var drain = scope.ServiceProvider.GetRequiredService<DrainJobs>();
        drain.CancellationToken = stoppingToken;
        await drain.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The job listener lost the database; listening again in {Delay}")]
    private static partial void LogListenerFailed(ILogger logger, Exception error, TimeSpan delay);
}
