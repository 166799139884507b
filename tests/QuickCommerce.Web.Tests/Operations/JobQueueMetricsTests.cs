using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Operations;

/// <summary>
/// /api/v1/admin/jobs/metrics, and the same figures as gauges of the "QuickCommerce.Jobs" meter.
/// The reference data has no jobs, but the figures are compared before and after the test's own jobs
/// all the same, so nothing the app does at start-up can change what a test expects.
/// </summary>
public sealed class JobQueueMetricsTests : AppTest, IDisposable
{
    private static readonly string[] Gauges =
    [
        "quickcommerce.jobs.pending",
        "quickcommerce.jobs.oldest_pending_age",
        "quickcommerce.jobs.running",
        "quickcommerce.jobs.dead_lettered",
        "quickcommerce.jobs.succeeded_last_minute",
        "quickcommerce.jobs.throughput",
        "quickcommerce.jobs.retrying",
    ];

    private HttpClient _admin = null!;

    public void Dispose() => _admin.Dispose();

    protected override void Configure(QuickCommerceApp app) => app.Settings["Jobs:RunWorker"] = "false";

    protected override async Task StartedAsync() =>
        _admin = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Admin));

    [Fact]
    public async Task The_metrics_count_jobs_in_each_state_the_wait_of_the_oldest_due_one_and_the_last_minutes_rate()
    {
        var before = await FiguresAsync();
        await JobRows.PendingAsync(Database, dueFor: TimeSpan.FromSeconds(90));
        await JobRows.PendingAsync(Database, dueFor: TimeSpan.FromHours(-1)); // scheduled for later: pending, but no lag
        await JobRows.RunningAsync(Database);
        await JobRows.RetryingAsync(Database, attempts: 2); // failed twice, waits for its third attempt
        for (var i = 0; i < 3; i++)
        {
            await JobRows.DeadLetteredAsync(Database);
        }

        await JobRows.SucceededAsync(Database, ago: TimeSpan.FromSeconds(10));
        await JobRows.SucceededAsync(Database, ago: TimeSpan.FromSeconds(20));
        await JobRows.SucceededAsync(Database, ago: TimeSpan.FromMinutes(5));

        var after = await FiguresAsync();

        (after.GetProperty("pending").GetInt64() - before.GetProperty("pending").GetInt64()).ShouldBe(3);
        (after.GetProperty("retrying").GetInt64() - before.GetProperty("retrying").GetInt64()).ShouldBe(1, "only the job that has failed is retrying");
        (after.GetProperty("running").GetInt64() - before.GetProperty("running").GetInt64()).ShouldBe(1);
        (after.GetProperty("deadLettered").GetInt64() - before.GetProperty("deadLettered").GetInt64()).ShouldBe(3);
        var succeeded = after.GetProperty("succeededLastMinute").GetInt64();
        succeeded.ShouldBeGreaterThanOrEqualTo(2);
        after.GetProperty("jobsPerSecond").GetDouble().ShouldBe(succeeded / 60.0, tolerance: 1e-9);
        after.GetProperty("oldestPendingSeconds").GetDouble().ShouldBeInRange(90, 150);
    }

    [Fact]
    public async Task The_app_publishes_the_same_figures_as_gauges_of_the_QuickCommerce_Jobs_meter()
    {
        await JobRows.DeadLetteredAsync(Database);
        await JobRows.PendingAsync(Database, dueFor: TimeSpan.FromSeconds(30));
        var figures = await FiguresAsync();

        // Nothing has read this app's gauges yet, so their first reading is fresh.
        using var gauges = new GaugeReader(App.Services.GetRequiredService<IMeterFactory>());
        var read = gauges.Read();

        read.Keys.ShouldBe(Gauges, ignoreOrder: true);
        read["quickcommerce.jobs.pending"].ShouldBe(figures.GetProperty("pending").GetInt64());
        read["quickcommerce.jobs.running"].ShouldBe(figures.GetProperty("running").GetInt64());
        read["quickcommerce.jobs.dead_lettered"].ShouldBe(figures.GetProperty("deadLettered").GetInt64());
        read["quickcommerce.jobs.retrying"].ShouldBe(figures.GetProperty("retrying").GetInt64());
        read["quickcommerce.jobs.oldest_pending_age"].ShouldBeGreaterThanOrEqualTo(figures.GetProperty("oldestPendingSeconds").GetDouble());
        read["quickcommerce.jobs.throughput"].ShouldBe(read["quickcommerce.jobs.succeeded_last_minute"] / 60.0, tolerance: 1e-9);
    }

    [Fact]
    public async Task The_gauges_read_the_queue_again_only_once_their_snapshot_is_10_seconds_old()
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = meters.GetRequiredService<IMeterFactory>();
        // Its own meter factory and clock; its gauges live on in the factory's meter.
        _ = ActivatorUtilities.CreateInstance<JobQueueMeter>(App.Services, factory, clock);
        using var gauges = new GaugeReader(factory);

        var first = gauges.Read()["quickcommerce.jobs.dead_lettered"];
        await JobRows.DeadLetteredAsync(Database);

        clock.Now += TimeSpan.FromSeconds(9.9);
        gauges.Read()["quickcommerce.jobs.dead_lettered"].ShouldBe(first, "the cached snapshot is still young");
        clock.Now += TimeSpan.FromSeconds(0.1);
        gauges.Read()["quickcommerce.jobs.dead_lettered"].ShouldBe(first + 1);
    }

    private async Task<JsonElement> FiguresAsync()
    {
        var response = await _admin.GetAsync("/api/v1/admin/jobs/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Reads every gauge of the jobs meter made by one meter factory (other apps in the test run have their own).</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

        public GaugeReader(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == JobQueueMeter.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _values[instrument.Name] = value);
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => _values[instrument.Name] = value);
            _listener.Start();
        }

        public Dictionary<string, double> Read()
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return new Dictionary<string, double>(_values, StringComparer.Ordinal);
        }

        public void Dispose() => _listener.Dispose();
    }
}
