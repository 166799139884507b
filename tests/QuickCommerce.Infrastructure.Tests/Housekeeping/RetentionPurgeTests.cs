using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuickCommerce.Infrastructure.Housekeeping;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Tests.Idempotency;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Housekeeping;

/// <summary>The retention purge on a real database: what is past its keep goes, in batches; everything else stays.</summary>
public sealed class RetentionPurgeTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private Guid _user;

    private RetentionPurge Purge => _services.GetRequiredService<RetentionPurge>();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = _database.CreateServices(configure: services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            // A small batch, so a few rows already take several DELETEs.
            services.Configure<HousekeepingOptions>(options => options.BatchSize = 3);
        });
        _user = await UserAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Expired_keys_and_old_succeeded_jobs_go_while_fresh_rows_and_unfinished_or_dead_lettered_jobs_stay()
    {
        var now = DateTimeOffset.UtcNow;
        await RecordsAsync(7, now - TimeSpan.FromDays(8));
        var almostExpired = await RecordsAsync(1, now - TimeSpan.FromDays(6.9));
        var fresh = await RecordsAsync(1, now);
        await JobsAsync(7, JobStatus.Succeeded, completedAgo: TimeSpan.FromDays(8));
        var recentSucceeded = await JobsAsync(1, JobStatus.Succeeded, completedAgo: TimeSpan.FromDays(6.9));
        var oldPending = await JobsAsync(1, JobStatus.Pending, completedAgo: null, createdAgo: TimeSpan.FromDays(30));
        var oldRunning = await JobsAsync(1, JobStatus.Running, completedAgo: null, createdAgo: TimeSpan.FromDays(30));
        var oldDeadLettered = await JobsAsync(1, JobStatus.DeadLettered, completedAgo: TimeSpan.FromDays(30));

        var result = await Purge.PurgeOnceAsync(CancellationToken.None);

        result.ShouldBe(new PurgeResult(IdempotencyRecords: 7, SucceededJobs: 7));
        (await RemainingKeysAsync()).ShouldBe([.. almostExpired, .. fresh], ignoreOrder: true);
        (await RemainingJobsAsync()).ShouldBe([.. recentSucceeded, .. oldPending, .. oldRunning, .. oldDeadLettered], ignoreOrder: true);
        var log = _logs.Entries.Where(e => e.Category == typeof(RetentionPurge).FullName).ShouldHaveSingleItem();
        log.Level.ShouldBe(LogLevel.Information);
        log.Message.ShouldBe("Housekeeping deleted 7 expired idempotency records and 7 old succeeded jobs");
    }

    [Fact]
    public async Task A_pass_with_nothing_to_delete_deletes_nothing_and_logs_nothing()
    {
        await RecordsAsync(2, DateTimeOffset.UtcNow);
        await JobsAsync(2, JobStatus.Succeeded, completedAgo: TimeSpan.FromHours(1));

        (await Purge.PurgeOnceAsync(CancellationToken.None)).ShouldBe(new PurgeResult(0, 0));

        (await RemainingKeysAsync()).Count.ShouldBe(2);
        (await RemainingJobsAsync()).Count.ShouldBe(2);
        _logs.Entries.ShouldNotContain(e => e.Category == typeof(RetentionPurge).FullName);
    }

    [Fact]
    public async Task Instances_purging_at_once_delete_each_row_once_and_keep_the_fresh_ones()
    {
        await RecordsAsync(60, DateTimeOffset.UtcNow - TimeSpan.FromDays(10));
        var fresh = await RecordsAsync(2, DateTimeOffset.UtcNow);
        await JobsAsync(60, JobStatus.Succeeded, completedAgo: TimeSpan.FromDays(10));
        var pending = await JobsAsync(2, JobStatus.Pending, completedAgo: null);

        var passes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Purge.PurgeOnceAsync(CancellationToken.None))));

        passes.Sum(p => p.IdempotencyRecords).ShouldBe(60);
        passes.Sum(p => p.SucceededJobs).ShouldBe(60);
        (await RemainingKeysAsync()).ShouldBe(fresh, ignoreOrder: true);
        (await RemainingJobsAsync()).ShouldBe(pending, ignoreOrder: true);
    }

    [Fact]
    public async Task The_background_host_purges_on_its_interval()
    {
        await using var services = _database.CreateServices(configure: s => s.Configure<HousekeepingOptions>(o => o.Interval = TimeSpan.FromSeconds(1)));
        var fresh = await RecordsAsync(1, DateTimeOffset.UtcNow);
        await RecordsAsync(2, DateTimeOffset.UtcNow - TimeSpan.FromDays(8));
        var host = services.GetServices<IHostedService>().OfType<HousekeepingHost>().ShouldHaveSingleItem();

        await host.StartAsync(CancellationToken.None);
        try
        {
            for (var waited = 0; waited < 100 && (await RemainingKeysAsync()).Count > 1; waited++)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        (await RemainingKeysAsync()).ShouldBe(fresh);
    }

    [Fact]
    public async Task A_failing_pass_is_logged_and_the_host_keeps_trying()
    {
        var logs = new CapturedLogs();
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { Database = $"qc_missing_{Guid.NewGuid():N}" }.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestServices.Configuration(missing)).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<ILoggerProvider>(logs);
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>();
        collection.AddInfrastructure(configuration);
        collection.Configure<HousekeepingOptions>(o => o.Interval = TimeSpan.FromSeconds(1));
        await using var services = collection.BuildServiceProvider();
        var host = services.GetServices<IHostedService>().OfType<HousekeepingHost>().ShouldHaveSingleItem();

        await host.StartAsync(CancellationToken.None);
        try
        {
            for (var waited = 0; waited < 100 && Failures().Count < 2; waited++)
            {
                await Task.Delay(100);
            }

            host.ExecuteTask.ShouldNotBeNull().IsCompleted.ShouldBeFalse("the loop goes on after a failed pass");
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        Failures().Count.ShouldBeGreaterThanOrEqualTo(2);
        Failures().ShouldAllBe(f => f.Level == LogLevel.Error && f.Error is Npgsql.PostgresException);

        List<(string Category, LogLevel Level, string Message, Exception? Error)> Failures() =>
            [.. logs.Entries.Where(e => e.Category == typeof(HousekeepingHost).FullName)];
    }

    [Fact]
    public async Task Switched_off_the_host_is_not_registered_but_the_purge_is()
    {
        var settings = TestServices.Configuration(_database.ConnectionString);
        settings["Housekeeping:RunPurge"] = "false";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddInfrastructure(configuration);

        collection.ShouldNotContain(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(HousekeepingHost));
        collection.ShouldContain(d => d.ServiceType == typeof(RetentionPurge));
        _services.GetServices<IHostedService>().OfType<HousekeepingHost>().ShouldHaveSingleItem("on by default");
    }

    private async Task<List<Guid>> RecordsAsync(int count, DateTimeOffset createdAt)
    {
        var keys = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var db = _database.NewContext();
        db.IdempotencyRecords.AddRange(keys.Select(key => new IdempotencyRecord
        {
            UserId = _user,
            Key = key,
            RequestHash = new string('a', 64),
            StatusCode = 201,
            ResponseBody = "{}",
            CreatedAt = createdAt,
            CompletedAt = createdAt,
        }));
        await db.SaveChangesAsync();
        return keys;
    }

    private async Task<List<Guid>> JobsAsync(int count, JobStatus status, TimeSpan? completedAgo, TimeSpan? createdAgo = null)
    {
        var now = DateTimeOffset.UtcNow;
        var created = now - (createdAgo ?? completedAgo ?? TimeSpan.Zero);
        var jobs = Enumerable.Range(0, count).Select(_ => new Job
        {
            Id = Guid.NewGuid(),
            Type = "test.housekeeping",
            Key = $"housekeeping:{Guid.NewGuid():N}",
            Status = status,
            Attempts = status == JobStatus.Pending ? 0 : 1,
            RunAfter = created,
            LockedBy = status == JobStatus.Running ? "worker-a" : null,
            LockedUntil = status == JobStatus.Running ? now + TimeSpan.FromMinutes(1) : null,
            CreatedAt = created,
            CompletedAt = completedAgo is { } ago ? now - ago : null,
        }).ToList();
        await using var db = _database.NewContext();
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync();
        return [.. jobs.Select(j => j.Id)];
    }

    private async Task<List<Guid>> RemainingKeysAsync()
    {
        await using var db = _database.NewContext();
        return await db.IdempotencyRecords.AsNoTracking().Select(r => r.Key).ToListAsync();
    }

    private async Task<List<Guid>> RemainingJobsAsync()
    {
        await using var db = _database.NewContext();
        return await db.Jobs.AsNoTracking().Select(j => j.Id).ToListAsync();
    }

    private async Task<Guid> UserAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var email = $"purge.{Guid.NewGuid():N}@test.in";
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            PhoneNumber = $"+9170{Random.Shared.Next(0, 100_000_000):D8}",
            FullName = "Purge Tester",
            CreatedAt = now,
        };
        await using var db = _database.NewContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}
