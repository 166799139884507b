using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// Publishes the queue's figures (<see cref="JobMetrics"/>) as observable gauges of the meter
/// <see cref="MeterName"/>, for dotnet-counters or an OpenTelemetry exporter. All gauges read one
/// cached snapshot, refreshed when a collection finds it older than <see cref="MaxAge"/>: however
/// often collectors ask, each process queries the jobs table at most once per 10 s.
/// </summary>
public sealed partial class JobQueueMeter : IHostedService
{
    public const string MeterName = "QuickCommerce.Jobs";

    /// <summary>How old the snapshot the gauges report may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<JobQueueMeter> _logger;
    private readonly Lock _refresh = new();
    private JobQueueSnapshot? _snapshot;
    private DateTimeOffset? _readAt;

    public JobQueueMeter(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobQueueMeter> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _clock = clock;
        _logger = logger;

        // The factory owns the meter and disposes it with the container.
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("quickcommerce.jobs.pending", () => Observe(s => s.Pending),
            unit: "{job}", description: "Jobs waiting to run, due now or scheduled for later.");
        meter.CreateObservableGauge("quickcommerce.jobs.oldest_pending_age", () => Observe(s => s.OldestPendingAge.TotalSeconds),
            unit: "s", description: "How long the longest-waiting due job has been due: the lag to alert on.");
        meter.CreateObservableGauge("quickcommerce.jobs.running", () => Observe(s => s.Running),
            unit: "{job}", description: "Jobs claimed by a worker.");
        meter.CreateObservableGauge("quickcommerce.jobs.dead_lettered", () => Observe(s => s.DeadLettered),
            unit: "{job}", description: "Jobs that used up their attempts and wait for an admin.");
        meter.CreateObservableGauge("quickcommerce.jobs.succeeded_last_minute", () => Observe(s => s.SucceededLastMinute),
            unit: "{job}", description: "Jobs that succeeded in the last minute.");
        meter.CreateObservableGauge("quickcommerce.jobs.retrying", () => Observe(s => s.Retrying),
            unit: "{job}", description: "Jobs that failed at least once and wait for their next attempt.");
        meter.CreateObservableGauge("quickcommerce.jobs.throughput", () => Observe(JobsPerSecond),
            unit: "{job}/s", description: "Jobs succeeded per second, averaged over the last minute.");
    }

    /// <summary>Jobs succeeded per second, averaged over the last minute.</summary>
    public static double JobsPerSecond(JobQueueSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.SucceededLastMinute / 60.0;
    }

    // Registered as a hosted service only so that the host creates it at start-up: nothing else asks
    // for it, and its gauges exist only once it does.
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<T>> Observe<T>(Func<JobQueueSnapshot, T> figure)
        where T : struct =>
        Current() is { } snapshot ? [new Measurement<T>(figure(snapshot))] : [];

    /// <summary>The cached snapshot, read afresh when stale; null when the last read failed (a gap on the dashboard, not a frozen value).</summary>
    private JobQueueSnapshot? Current()
    {
        // Gauge callbacks are synchronous and run on the collector's thread, so the read blocks it —
        // at most once per MaxAge. The lock makes concurrent collectors wait for one query, not send their own.
        lock (_refresh)
        {
            var now = _clock.GetUtcNow();
            if (_readAt is { } readAt && now - readAt < MaxAge)
            {
                return _snapshot;
            }

            // Set before reading, so a database that is down is asked again only after MaxAge.
            _readAt = now;
            try
            {
                _snapshot = ReadAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                _snapshot = null;
                LogReadFailed(_logger, ex, MaxAge);
            }

            return _snapshot;
        }
    }

    private async Task<JobQueueSnapshot> ReadAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobMetrics>().SnapshotAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the job queue's figures for its gauges; trying again in {Delay}")]
    private static partial void LogReadFailed(ILogger logger, Exception error, TimeSpan delay);
}
