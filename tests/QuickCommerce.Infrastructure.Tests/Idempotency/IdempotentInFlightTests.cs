using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.TestSupport;
using StackExchange.Redis;

namespace QuickCommerce.Infrastructure.Tests.Idempotency;

/// <summary>
/// Duplicates of one Idempotency-Key in flight: they queue on a Redis marker without holding a
/// PostgreSQL connection, and the advisory lock behind it still decides when Redis is absent,
/// unreachable or failing. Each test plays two app instances with two executions.
/// </summary>
public sealed class IdempotentInFlightTests : IAsyncLifetime
{
    private const string FirstBody = """{"id":"first"}""";
    private static readonly TimeSpan ShortWait = TimeSpan.FromSeconds(1);

    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly CapturedLogs _logs = new();
    private TestDatabase _database = null!;
    private ConnectionMultiplexer _redis = null!;

    private IDatabase Redis => _redis.GetDatabase();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        await _redis.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_marker_held_by_another_instance_answers_in_flight_after_the_wait_without_opening_a_database_connection()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        await Redis.StringSetAsync(InFlightMarkers.MarkerKey(user, key), "other-instance", TimeSpan.FromMinutes(1));
        var connections = new ConnectionCounter();
        var runs = 0;

        var clock = Stopwatch.StartNew();
        var response = await Execution(Markers(), ShortWait, connections).RunAsync(user, key, "hash", _ =>
        {
            runs++;
            return Task.FromResult((201, FirstBody));
        }, CancellationToken.None);
        clock.Stop();

        response.ShouldBe(new IdempotentResponse(IdempotencyOutcome.InFlight, 409, null));
        clock.Elapsed.ShouldBeInRange(ShortWait - TimeSpan.FromMilliseconds(50), ShortWait + TimeSpan.FromSeconds(1));
        runs.ShouldBe(0);
        connections.Opened.ShouldBe(0);
        (await RememberedAsync(user, key)).ShouldBe(0);
        (await Redis.StringGetAsync(InFlightMarkers.MarkerKey(user, key))).ToString().ShouldBe("other-instance");
    }

    [Fact]
    public async Task A_duplicate_waits_on_redis_while_the_first_runs_and_then_replays_its_stored_response()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var first = Execution(Markers(), TimeSpan.FromSeconds(10)).RunAsync(user, key, "hash", async _ =>
        {
            Interlocked.Increment(ref runs);
            started.SetResult();
            await finish.Task;
            return (201, FirstBody);
        }, CancellationToken.None);
        await started.Task;

        var waitingConnections = new ConnectionCounter();
        var duplicate = Execution(Markers(), TimeSpan.FromSeconds(10), waitingConnections).RunAsync(user, key, "hash", _ =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult((201, """{"id":"second"}"""));
        }, CancellationToken.None);
        await Task.Delay(400);
        duplicate.IsCompleted.ShouldBeFalse();
        waitingConnections.Opened.ShouldBe(0, "a waiting duplicate must not hold a pooled connection");

        finish.SetResult();

        (await first).ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, 201, FirstBody));
        (await duplicate).ShouldBe(new IdempotentResponse(IdempotencyOutcome.Replayed, 201, FirstBody));
        runs.ShouldBe(1);
        (await RememberedAsync(user, key)).ShouldBe(1);
        (await Redis.KeyExistsAsync(InFlightMarkers.MarkerKey(user, key))).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_redis_the_advisory_lock_still_holds_duplicates_off_and_then_replays()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var noRedis = new InFlightMarkers(NullLogger<InFlightMarkers>.Instance);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Execution(noRedis, ShortWait).RunAsync(user, key, "hash", async _ =>
        {
            started.SetResult();
            await finish.Task;
            return (201, FirstBody);
        }, CancellationToken.None);
        await started.Task;

        var early = await Execution(noRedis, ShortWait).RunAsync(user, key, "hash", _ => Task.FromResult((201, "{}")), CancellationToken.None);
        finish.SetResult();
        var executed = await first;
        var late = await Execution(noRedis, ShortWait).RunAsync(user, key, "hash", _ => Task.FromResult((201, "{}")), CancellationToken.None);

        early.ShouldBe(new IdempotentResponse(IdempotencyOutcome.InFlight, 409, null));
        executed.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, 201, FirstBody));
        late.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Replayed, 201, FirstBody));
        (await RememberedAsync(user, key)).ShouldBe(1);
    }

    [Fact]
    public async Task With_redis_unreachable_the_request_runs_and_replays_through_the_database()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200");
        var markers = new InFlightMarkers(_logs.For<InFlightMarkers>(), unreachable);

        var first = await Execution(markers, ShortWait).RunAsync(user, key, "hash", _ => Task.FromResult((201, FirstBody)), CancellationToken.None);
        var again = await Execution(markers, ShortWait).RunAsync(user, key, "hash", _ => Task.FromResult((201, "{}")), CancellationToken.None);

        first.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, 201, FirstBody));
        again.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Replayed, 201, FirstBody));
    }

    [Fact]
    public async Task A_redis_error_is_logged_and_the_request_still_runs_and_replays()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var markers = new InFlightMarkers(_logs.For<InFlightMarkers>(), FailingRedis.Create());

        var first = await Execution(markers, ShortWait).RunAsync(user, key, "hash", _ => Task.FromResult((201, FirstBody)), CancellationToken.None);
        var again = await Execution(markers, ShortWait).RunAsync(user, key, "hash", _ => Task.FromResult((201, "{}")), CancellationToken.None);

        first.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, 201, FirstBody));
        again.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Replayed, 201, FirstBody));
        var warnings = _logs.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        warnings.Count.ShouldBe(2);
        warnings.ShouldAllBe(w => w.Message.Contains(InFlightMarkers.MarkerKey(user, key)) && w.Error is RedisConnectionException);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(409)]
    public async Task The_marker_is_held_during_the_work_and_gone_after_it(int status)
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var markerKey = InFlightMarkers.MarkerKey(user, key);
        RedisValue during = default;

        var response = await Execution(Markers(), ShortWait).RunAsync(user, key, "hash", async _ =>
        {
            during = await Redis.StringGetAsync(markerKey);
            return (status, "{}");
        }, CancellationToken.None);

        response.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, status, "{}"));
        during.HasValue.ShouldBeTrue();
        (await Redis.KeyExistsAsync(markerKey)).ShouldBeFalse();
        (await RememberedAsync(user, key)).ShouldBe(status == 201 ? 1 : 0);
    }

    [Fact]
    public async Task The_marker_is_gone_after_work_that_throws()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());

        await Should.ThrowAsync<InvalidOperationException>(() => Execution(Markers(), ShortWait).RunAsync(
            user, key, "hash", _ => throw new InvalidOperationException("broken on purpose"), CancellationToken.None));

        (await Redis.KeyExistsAsync(InFlightMarkers.MarkerKey(user, key))).ShouldBeFalse();
        (await RememberedAsync(user, key)).ShouldBe(0);
    }

    [Fact]
    public async Task The_owner_leaves_alone_a_marker_that_is_no_longer_its_own()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var markerKey = InFlightMarkers.MarkerKey(user, key);

        var response = await Execution(Markers(), ShortWait).RunAsync(user, key, "hash", async _ =>
        {
            // The lease ran out mid-request and a later request on another instance took the marker.
            await Redis.StringSetAsync(markerKey, "later-request", TimeSpan.FromMinutes(1));
            return (201, FirstBody);
        }, CancellationToken.None);

        response.Outcome.ShouldBe(IdempotencyOutcome.Executed);
        (await Redis.StringGetAsync(markerKey)).ToString().ShouldBe("later-request");
        await Redis.KeyDeleteAsync(markerKey);
    }

    [Fact]
    public async Task A_marker_that_cannot_be_released_is_logged_and_the_response_stands()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var markerKey = InFlightMarkers.MarkerKey(user, key);

        var response = await Execution(new InFlightMarkers(_logs.For<InFlightMarkers>(), _redis), ShortWait).RunAsync(user, key, "hash", async _ =>
        {
            // A list where the marker was: the release script's GET fails with WRONGTYPE.
            await Redis.KeyDeleteAsync(markerKey);
            await Redis.ListLeftPushAsync(markerKey, "not-a-marker");
            await Redis.KeyExpireAsync(markerKey, TimeSpan.FromMinutes(1));
            return (201, FirstBody);
        }, CancellationToken.None);

        response.ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, 201, FirstBody));
        (await RememberedAsync(user, key)).ShouldBe(1);
        var warning = _logs.Entries.ShouldHaveSingleItem();
        warning.Level.ShouldBe(LogLevel.Warning);
        warning.Message.ShouldContain(markerKey);
        warning.Error.ShouldBeOfType<RedisServerException>();
        await Redis.KeyDeleteAsync(markerKey);
    }

    [Fact]
    public async Task The_app_wiring_takes_the_marker_in_redis()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        await using var services = _database.CreateServices();
        await using var scope = services.CreateAsyncScope();
        RedisValue during = default;

        var response = await scope.ServiceProvider.GetRequiredService<IdempotentExecution>().RunAsync(user, key, "hash", async _ =>
        {
            during = await Redis.StringGetAsync(InFlightMarkers.MarkerKey(user, key));
            return (201, FirstBody);
        }, CancellationToken.None);

        response.Outcome.ShouldBe(IdempotencyOutcome.Executed);
        during.HasValue.ShouldBeTrue();
        services.GetRequiredService<IOptions<IdempotencyOptions>>().Value.InFlightWait.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_a_redis_connection_string_the_app_wiring_runs_and_replays_through_the_database()
    {
        var (user, key) = (await UserAsync(), Guid.NewGuid());
        var settings = TestServices.Configuration(_database.ConnectionString);
        settings.Remove("ConnectionStrings:Redis");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Testing", ApplicationName = "QuickCommerce.Tests" });
        collection.AddInfrastructure(configuration);
        await using var services = collection.BuildServiceProvider();
        services.GetService<IConnectionMultiplexer>().ShouldBeNull();

        async Task<IdempotentResponse> RunAsync(string body)
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IdempotentExecution>()
                .RunAsync(user, key, "hash", _ => Task.FromResult((201, body)), CancellationToken.None);
        }

        (await RunAsync(FirstBody)).ShouldBe(new IdempotentResponse(IdempotencyOutcome.Executed, 201, FirstBody));
        (await RunAsync("{}")).ShouldBe(new IdempotentResponse(IdempotencyOutcome.Replayed, 201, FirstBody));
    }

    /// <summary>An instance's markers: its own connection to the test Redis, as another app instance would have.</summary>
    private InFlightMarkers Markers()
    {
        var connection = ConnectionMultiplexer.Connect(TestServices.Redis);
        _disposables.Add(connection);
        return new InFlightMarkers(_logs.For<InFlightMarkers>(), connection);
    }

    private IdempotentExecution Execution(InFlightMarkers markers, TimeSpan inFlightWait, ConnectionCounter? connections = null)
    {
        var db = connections is null ? _database.NewContext() : _database.NewContext(connections);
        _disposables.Add(db);
        return new IdempotentExecution(db, TimeProvider.System, markers, Options.Create(new IdempotencyOptions { InFlightWait = inFlightWait }));
    }

    private async Task<Guid> UserAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var email = $"idem.{Guid.NewGuid():N}@test.in";
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(now),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            PhoneNumber = $"+9170{Random.Shared.Next(0, 100_000_000):D8}",
            FullName = "Idempotent Tester",
            CreatedAt = now,
        };
        await using var db = _database.NewContext();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private async Task<int> RememberedAsync(Guid user, Guid key)
    {
        await using var db = _database.NewContext();
        return await db.IdempotencyRecords.CountAsync(r => r.UserId == user && r.Key == key);
    }

    /// <summary>Counts the database connections a context opens.</summary>
    private sealed class ConnectionCounter : DbConnectionInterceptor
    {
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
            DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _opened);
            return base.ConnectionOpeningAsync(connection, eventData, result, cancellationToken);
        }
    }
}
