using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace QuickCommerce.Infrastructure.Housekeeping;

/// <summary>
/// Runs <see cref="RetentionPurge"/> every <see cref="HousekeepingOptions.Interval"/>, the first pass
/// one interval after start. Every instance may run it: the purge is safe side by side, and a pass
/// that finds nothing costs two index lookups. A failed pass is logged and the next one tries again.
/// </summary>
public sealed partial class HousekeepingHost(
    RetentionPurge purge,
    IOptions<HousekeepingOptions> options,
    ILogger<HousekeepingHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await purge.PurgeOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    LogPassFailed(logger, ex, options.Value.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Housekeeping pass failed; the next one runs in {Interval}")]
    private static partial void LogPassFailed(ILogger logger, Exception error, TimeSpan interval);
}
