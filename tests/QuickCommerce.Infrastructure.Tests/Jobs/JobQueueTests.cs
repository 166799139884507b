using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Npgsql;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Jobs;

public sealed class JobQueueTests : IAsyncLifetime
{
    private readonly HandlerRuns _runs = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    private JobWorker Worker => _services.GetRequiredService<JobWorker>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = _database.CreateServices(configure: services =>
        {
            services.AddSingleton(_runs);
            services.AddScoped<IJobHandler, CountingHandler>();
            services.AddScoped<IJobHandler, FlakyHandler>();
            services.AddScoped<IJobHandler, BrokenHandler>();
            services.AddScoped<IJobHandler, GatedHandler>();
            services.Configure<JobOptions>(options => options.PollInterval = TimeSpan.FromSeconds(1));
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_job_that_fails_three_times_runs_four_times_and_succeeds()
    {
        using var failures = new FailureCounts(_services.GetRequiredService<IMeterFactory>());
        await EnqueueAsync(FlakyHandler.JobType, "flaky-1");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(1);
            var failed = await JobAsync("flaky-1");
            failed.Status.ShouldBe(JobStatus.Pending);
            failed.Attempts.ShouldBe(attempt);
            failed.LastError.ShouldNotBeNull().ShouldContain("flaky on purpose");
            (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(0, "the retry waits for its backoff");
            await MakeDueAsync("flaky-1");
        }

        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(1);

        var job = await JobAsync("flaky-1");
        job.Status.ShouldBe(JobStatus.Succeeded);
        job.Attempts.ShouldBe(4);
        job.CompletedAt.ShouldNotBeNull();
        job.LockedUntil.ShouldBeNull();
        _runs.Count("flaky-1").ShouldBe(4);
        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(0);
        failures.Counted(FlakyHandler.JobType, "retry").ShouldBe(3);
        failures.Counted(FlakyHandler.JobType, "dead_letter").ShouldBe(0);
    }

    [Fact]
    public async Task A_job_that_always_fails_is_dead_lettered_after_five_attempts_with_growing_backoff()
    {
        using var failures = new FailureCounts(_services.GetRequiredService<IMeterFactory>());
        await EnqueueAsync(BrokenHandler.JobType, "broken-1");
        var gaps = new List<double>();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(1);
            if (attempt < 5)
            {
                gaps.Add(await ScalarAsync<double>("SELECT extract(epoch FROM run_after - now())::float8 FROM jobs WHERE key = 'broken-1'"));
                await MakeDueAsync("broken-1");
            }
        }

        var job = await JobAsync("broken-1");
        job.Status.ShouldBe(JobStatus.DeadLettered);
        job.Attempts.ShouldBe(5);
        job.CompletedAt.ShouldNotBeNull();
        job.LastError.ShouldNotBeNull().ShouldContain("broken on purpose");
        _runs.Count("broken-1").ShouldBe(5);
        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(0);
        (failures.Counted(BrokenHandler.JobType, "retry"), failures.Counted(BrokenHandler.JobType, "dead_letter")).ShouldBe((4, 1));

        // 2 s × 2^(n−1) ± 20 %: 2, 4, 8, 16 s (less the few milliseconds before we measured).
        for (var i = 0; i < gaps.Count; i++)
        {
            var expected = 2 * Math.Pow(2, i);
            gaps[i].ShouldBeInRange((expected * 0.8) - 0.5, expected * 1.2);
        }

        gaps.ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task A_job_whose_worker_vanished_is_taken_over_and_the_late_completion_changes_nothing()
    {
        await EnqueueAsync(CountingHandler.JobType, "orphan-1");
        var claimed = await Worker.ClaimAsync("vanished-worker", 10, CancellationToken.None);
        claimed.Count.ShouldBe(1);

        (await Worker.RunOnceAsync("worker-b", 10, CancellationToken.None)).ShouldBe(0, "the lease still holds");
        await ExecuteAsync("UPDATE jobs SET locked_until = now() - interval '1 second' WHERE key = 'orphan-1'");
        (await Worker.RunOnceAsync("worker-b", 10, CancellationToken.None)).ShouldBe(1);

        var done = await JobAsync("orphan-1");
        done.Status.ShouldBe(JobStatus.Succeeded);
        done.LockedBy.ShouldBe("worker-b");
        done.Attempts.ShouldBe(2);

        (await Worker.MarkSucceededAsync(claimed[0].Id, "vanished-worker", CancellationToken.None)).ShouldBeFalse();
        var after = await JobAsync("orphan-1");
        after.LockedBy.ShouldBe("worker-b");
        after.CompletedAt.ShouldBe(done.CompletedAt);
        (await Worker.RunOnceAsync("worker-b", 10, CancellationToken.None)).ShouldBe(0);
        _runs.Count("orphan-1").ShouldBe(1);
    }

    [Fact]
    public async Task Two_workers_draining_a_thousand_jobs_run_each_exactly_once()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<IJobQueue>();
            for (var i = 0; i < 1000; i++)
            {
                queue.Enqueue(CountingHandler.JobType, $"bulk-{i}", new { Number = i });
            }

            await scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>().SaveChangesAsync();
        }

        async Task DrainAsync(string workerId)
        {
            while (await Worker.RunOnceAsync(workerId, 25, CancellationToken.None) > 0)
            {
            }
        }

        await Task.WhenAll(Task.Run(() => DrainAsync("worker-1")), Task.Run(() => DrainAsync("worker-2")));

        _runs.Keys.Count.ShouldBe(1000);
        _runs.Keys.ShouldAllBe(key => _runs.Count(key) == 1);
        (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'Succeeded' AND attempts = 1")).ShouldBe(1000);
    }

    [Fact]
    public async Task A_job_enqueued_in_a_rolled_back_transaction_does_not_exist()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<IJobQueue>().Enqueue(CountingHandler.JobType, "rolled-back", new { });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<IJobQueue>().Enqueue(CountingHandler.JobType, "committed", new { });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE key = 'rolled-back'")).ShouldBe(0);
        (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE key = 'committed'")).ShouldBe(1);
        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(1);
        _runs.Keys.ShouldBe(["committed"]);
    }

    [Fact]
    public async Task Enqueueing_a_key_twice_in_one_unit_of_work_adds_one_job_with_its_payload_as_json()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<IJobQueue>();
            queue.Enqueue(CountingHandler.JobType, "twice", new { OrderId = 42 });
            queue.Enqueue(CountingHandler.JobType, "twice", new { OrderId = 43 });
            await scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>().SaveChangesAsync();
        }

        (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE key = 'twice'")).ShouldBe(1);
        (await ScalarAsync<int>("SELECT (payload->>'orderId')::int FROM jobs WHERE key = 'twice'")).ShouldBe(42);
        var job = await JobAsync("twice");
        job.MaxAttempts.ShouldBe(5);
        job.RunAfter.ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task A_job_scheduled_for_later_waits_until_then()
    {
        await EnqueueAsync(CountingHandler.JobType, "later", DateTimeOffset.UtcNow.AddHours(1));

        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(0);
        await MakeDueAsync("later");
        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(1);
        _runs.Count("later").ShouldBe(1);
    }

    [Fact]
    public async Task A_job_of_an_unknown_type_is_dead_lettered_at_once()
    {
        await EnqueueAsync("test.nobody-handles-this", "unknown-1");

        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(1);

        var job = await JobAsync("unknown-1");
        job.Status.ShouldBe(JobStatus.DeadLettered);
        job.Attempts.ShouldBe(1);
        job.LastError.ShouldBe("No handler is registered for job type 'test.nobody-handles-this'.");
    }

    [Fact]
    public async Task Committing_a_job_notifies_listening_workers()
    {
        await using var listener = await _database.OpenConnectionAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {JobListener.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var notified = new List<string>();
        listener.Notification += (_, e) => notified.Add(e.Channel);

        await EnqueueAsync(CountingHandler.JobType, "wake-up");

        (await listener.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBeTrue();
        notified.ShouldBe([JobListener.Channel]);
    }

    [Fact]
    public async Task The_listener_runs_a_committed_job_as_soon_as_it_is_notified()
    {
        // Only the listener runs: nothing but the notification can wake the worker.
        var listener = _services.GetServices<IHostedService>().OfType<JobListener>().Single();
        await listener.StartAsync(CancellationToken.None);
        try
        {
            // Let it drain the (empty) queue and start waiting on its listening connection.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await EnqueueAsync(CountingHandler.JobType, "background-1");

            await WaitForRunAsync("background-1");
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }

        (await JobAsync("background-1")).Status.ShouldBe(JobStatus.Succeeded);
    }

    [Fact]
    public async Task Coravels_schedule_runs_the_worker_invocable_without_any_notification()
    {
        // A job whose backoff has passed is announced by no one: only the poll finds it.
        await EnqueueAsync(CountingHandler.JobType, "polled-1", DateTimeOffset.UtcNow.AddSeconds(1));
        var hosted = _services.GetServices<IHostedService>().ToList();
        hosted.OfType<JobListener>().ShouldHaveSingleItem("the listener exists, but this test does not start it");
        var schedule = hosted.OfType<JobSchedule>().Single();
        var scheduler = hosted.Single(h => h.GetType().FullName == "Coravel.Scheduling.HostedService.SchedulerHost");
        await schedule.StartAsync(CancellationToken.None);
        await scheduler.StartAsync(CancellationToken.None);
        ((ApplicationLifetime)_services.GetRequiredService<IHostApplicationLifetime>()).NotifyStarted();
        try
        {
            await WaitForRunAsync("polled-1");
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        _runs.Count("polled-1").ShouldBe(1);
        (await JobAsync("polled-1")).Status.ShouldBe(JobStatus.Succeeded);
    }

    private sealed record Timer(Guid OrderId, Guid StoreId);

    [Fact]
    public void A_handler_reads_the_payload_back_as_it_was_enqueued_and_a_null_payload_fails_the_attempt()
    {
        var timer = new Timer(Guid.NewGuid(), Guid.NewGuid());
        var payload = System.Text.Json.JsonSerializer.Serialize<object>(timer, System.Text.Json.JsonSerializerOptions.Web);

        new JobContext(Guid.NewGuid(), "order.escalate", "k", payload, 1).PayloadAs<Timer>().ShouldBe(timer);
        Should.Throw<InvalidOperationException>(() => new JobContext(Guid.NewGuid(), "order.escalate", "k", "null", 1).PayloadAs<Timer>())
            .Message.ShouldContain("empty payload");
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:02:00")]
    public async Task A_poll_interval_the_schedule_cannot_keep_is_refused_with_a_clear_message(string interval)
    {
        var settings = TestServices.Configuration(_database.ConnectionString);
        settings["Jobs:PollInterval"] = interval;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddInfrastructure(configuration);
        await using var services = collection.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<JobOptions>>().Value)
            .Message.ShouldContain("Jobs:PollInterval must be from 1 to 59 seconds.");
    }

    [Fact]
    public async Task A_wake_up_during_a_drain_is_folded_into_it_rather_than_running_a_second_drain()
    {
        var drain = _services.GetRequiredService<JobDrain>();
        await EnqueueAsync(GatedHandler.JobType, "gated-1");

        var first = drain.RunAsync(CancellationToken.None);
        await _runs.Gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Announced while the first job is still running: the second wake-up returns at once...
        await EnqueueAsync(CountingHandler.JobType, "during-1");
        var second = drain.RunAsync(CancellationToken.None);
        second.IsCompletedSuccessfully.ShouldBeTrue();
        _runs.Count("during-1").ShouldBe(0, "no second drain runs beside the first");

        // ...and the running drain takes the new job before it stops.
        _runs.Gate.Release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        _runs.Count("gated-1").ShouldBe(1);
        _runs.Count("during-1").ShouldBe(1);
        (await JobAsync("during-1")).Status.ShouldBe(JobStatus.Succeeded);
    }

    [Fact]
    public async Task Dead_letters_are_listed_newest_first_and_can_be_retried_or_discarded()
    {
        await EnqueueAsync("test.unhandled", "dead-1");
        await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None);
        await EnqueueAsync("test.unhandled", "dead-2");
        await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None);
        await EnqueueAsync(CountingHandler.JobType, "alive");

        await using var scope = _services.CreateAsyncScope();
        var deadLetters = scope.ServiceProvider.GetRequiredService<DeadLetters>();
        var listed = await deadLetters.ListAsync(50, CancellationToken.None);
        listed.Select(d => d.Key).ShouldBe(["dead-2", "dead-1"]);
        listed[0].Attempts.ShouldBe(1);
        listed[0].LastError.ShouldNotBeNull().ShouldContain("test.unhandled");
        listed[0].DeadLetteredAt.ShouldNotBeNull();

        (await deadLetters.RetryAsync(listed[1].Id, CancellationToken.None)).ShouldBeTrue();
        var retried = await JobAsync("dead-1");
        retried.Status.ShouldBe(JobStatus.Pending);
        retried.Attempts.ShouldBe(0);
        retried.CompletedAt.ShouldBeNull();
        (await deadLetters.RetryAsync(listed[1].Id, CancellationToken.None)).ShouldBeFalse("it is no longer dead-lettered");

        (await deadLetters.DiscardAsync(listed[0].Id, CancellationToken.None)).ShouldBeTrue();
        (await deadLetters.DiscardAsync(listed[0].Id, CancellationToken.None)).ShouldBeFalse();
        (await deadLetters.DiscardAsync((await JobAsync("alive")).Id, CancellationToken.None)).ShouldBeFalse("only dead letters can be discarded");
        (await ScalarAsync<long>("SELECT count(*) FROM jobs WHERE key = 'dead-2'")).ShouldBe(0);
        (await deadLetters.ListAsync(50, CancellationToken.None)).ShouldBeEmpty();

        // The retried job is claimable again (and, still unhandled, dead-letters again after one attempt).
        (await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None)).ShouldBe(2);
        (await deadLetters.ListAsync(50, CancellationToken.None)).Select(d => d.Key).ShouldBe(["dead-1"]);
    }

    [Fact]
    public async Task Metrics_count_the_queue_by_status_and_the_lag_of_the_oldest_due_job()
    {
        await EnqueueAsync(CountingHandler.JobType, "metrics-succeeded");
        await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None);
        await EnqueueAsync("test.unhandled", "metrics-dead");
        await Worker.RunOnceAsync("worker-a", 10, CancellationToken.None);
        await EnqueueAsync(CountingHandler.JobType, "metrics-running");
        (await Worker.ClaimAsync("worker-a", 10, CancellationToken.None)).Count.ShouldBe(1);
        await EnqueueAsync(CountingHandler.JobType, "metrics-due-1");
        await EnqueueAsync(CountingHandler.JobType, "metrics-due-2");
        await EnqueueAsync(CountingHandler.JobType, "metrics-later", DateTimeOffset.UtcNow.AddHours(1));
        await ExecuteAsync("UPDATE jobs SET run_after = now() - interval '10 minutes' WHERE key = 'metrics-due-1'");

        await using var scope = _services.CreateAsyncScope();
        var snapshot = await scope.ServiceProvider.GetRequiredService<JobMetrics>().SnapshotAsync(CancellationToken.None);

        snapshot.Pending.ShouldBe(3);
        snapshot.Running.ShouldBe(1);
        snapshot.DeadLettered.ShouldBe(1);
        snapshot.SucceededLastMinute.ShouldBe(1);
        snapshot.Retrying.ShouldBe(0, "no job here has failed");
        snapshot.OldestPendingAge.ShouldBeInRange(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(11));
    }

    private async Task WaitForRunAsync(string key)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (_runs.Count(key) == 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        _runs.Count(key).ShouldBe(1, $"job {key} should have run once by now");
    }

    private async Task EnqueueAsync(string type, string key, DateTimeOffset? runAfter = null)
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IJobQueue>().Enqueue(type, key, new { Key = key }, runAfter);
        await scope.ServiceProvider.GetRequiredService<QuickCommerceDbContext>().SaveChangesAsync();
    }

    private async Task<Job> JobAsync(string key)
    {
        await using var db = _database.NewContext();
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Key == key);
    }

    /// <summary>Moves time forward for one job, rather than waiting out its backoff.</summary>
    private Task MakeDueAsync(string key) => ExecuteAsync($"UPDATE jobs SET run_after = now() WHERE key = '{key}'");

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Adds up the worker's failure counter (of this test's meter factory) by job type and outcome.</summary>
    private sealed class FailureCounts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string Type, string Outcome), long> _counts = new();

        public FailureCounts(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "quickcommerce.jobs.failures" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? type = null, outcome = null;
                foreach (var tag in tags)
                {
                    type = tag.Key == "job.type" ? tag.Value as string : type;
                    outcome = tag.Key == "outcome" ? tag.Value as string : outcome;
                }

                _counts.AddOrUpdate((type ?? "?", outcome ?? "?"), value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long Counted(string type, string outcome) => _counts.GetValueOrDefault((type, outcome));

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>What the test handlers did: how many times each job key ran.</summary>
    private sealed class HandlerRuns
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public ICollection<string> Keys => _counts.Keys;

        public int Record(string key) => _counts.AddOrUpdate(key, 1, (_, count) => count + 1);

        public int Count(string key) => _counts.GetValueOrDefault(key);

        /// <summary>Holds <see cref="GatedHandler"/> until the test releases it.</summary>
        public (TaskCompletionSource Entered, TaskCompletionSource Release) Gate { get; } =
            (new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Runs, then waits for the test to let it finish.</summary>
    private sealed class GatedHandler(HandlerRuns runs) : IJobHandler
    {
        public const string JobType = "test.gated";

        public string Type => JobType;

        public async Task HandleAsync(JobContext job, CancellationToken cancellationToken)
        {
            runs.Gate.Entered.TrySetResult();
            await runs.Gate.Release.Task.WaitAsync(cancellationToken);
            runs.Record(job.Key);
        }
    }

    private sealed class CountingHandler(HandlerRuns runs) : IJobHandler
    {
        public const string JobType = "test.count";

        public string Type => JobType;

        public Task HandleAsync(JobContext job, CancellationToken cancellationToken)
        {
            runs.Record(job.Key);
            return Task.CompletedTask;
        }
    }

    /// <summary>Fails its first three runs of each key, then succeeds.</summary>
    private sealed class FlakyHandler(HandlerRuns runs) : IJobHandler
    {
        public const string JobType = "test.flaky";

        public string Type => JobType;

        public Task HandleAsync(JobContext job, CancellationToken cancellationToken) =>
            runs.Record(job.Key) <= 3 ? throw new InvalidOperationException($"flaky on purpose (run {job.Attempt})") : Task.CompletedTask;
    }

    private sealed class BrokenHandler(HandlerRuns runs) : IJobHandler
    {
        public const string JobType = "test.broken";

        public string Type => JobType;

        public Task HandleAsync(JobContext job, CancellationToken cancellationToken)
        {
            runs.Record(job.Key);
            throw new InvalidOperationException("broken on purpose");
        }
    }
}
