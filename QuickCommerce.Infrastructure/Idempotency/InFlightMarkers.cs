using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace QuickCommerce.Infrastructure.Idempotency;

/// <summary>
/// A Redis marker per (user, Idempotency-Key) that a request holds while it runs, so duplicates
/// wait on Redis instead of in pg_advisory_xact_lock, where each waiter would hold a pooled
/// PostgreSQL connection. Only a queue in front of the advisory lock, never the guard: a marker's
/// lease can run out mid-request, so <see cref="IdempotentExecution"/> still takes the lock.
/// Without Redis, while it is disconnected, or when a Redis call fails, every request goes
/// straight on to the lock: slower under duplicates, never wrong, never a failed request.
/// </summary>
public sealed partial class InFlightMarkers(ILogger<InFlightMarkers> logger, IConnectionMultiplexer? redis = null)
{
    /// <summary>How much longer than the wait a marker lives, so a request that outlives its wait keeps duplicates out a while.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>The Redis key of the marker of <paramref name="userId"/>'s <paramref name="key"/>.</summary>
    public static string MarkerKey(Guid userId, Guid key) => $"qc:idem:{userId:N}:{key:N}";

    /// <summary>
    /// Takes the marker of (<paramref name="userId"/>, <paramref name="key"/>) for the request
    /// about to run. If another request holds it, polls until it is gone (that request has ended)
    /// or <paramref name="wait"/> has passed. Returns the marker to dispose when the request is
    /// done, or null if the other request still held it after the whole wait.
    /// </summary>
    /// <remarks>
    /// A duplicate that saw the marker go does not take it: it goes straight on to the lock, where
    /// the stored response waits. Taking it would make fifty duplicates of one tap file through
    /// Redis one at a time, each paying a poll; replays only read, so they may go together.
    /// Without Redis, while it is disconnected, or when a call fails, the marker returned holds nothing.
    /// </remarks>
    public async Task<InFlightMarker?> TakeAsync(Guid userId, Guid key, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (redis is null || !redis.IsConnected)
        {
            return InFlightMarker.None;
        }

        var database = redis.GetDatabase();
        var markerKey = MarkerKey(userId, key);
        var token = Guid.NewGuid().ToString("N");
        try
        {
            if (await database.StringSetAsync(markerKey, token, wait + LeaseMargin, When.NotExists))
            {
                return new InFlightMarker(database, markerKey, token, logger);
            }

            // Wall-clock time, not the business clock: this waits for another process, like lock_timeout.
            var started = Stopwatch.GetTimestamp();
            var poll = FirstPoll;
            while (true)
            {
                var left = wait - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                await Task.Delay(poll < left ? poll : left, cancellationToken);
                poll = poll * 2 < LongestPoll ? poll * 2 : LongestPoll;
                if (!await database.KeyExistsAsync(markerKey))
                {
                    return InFlightMarker.None;
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            LogTakeFailed(logger, ex, markerKey);
            return InFlightMarker.None;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take the in-flight marker {MarkerKey} in Redis; relying on the database lock alone")]
    private static partial void LogTakeFailed(ILogger logger, Exception error, string markerKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the in-flight marker {MarkerKey} in Redis; it expires with its lease")]
    internal static partial void LogReleaseFailed(ILogger logger, Exception error, string markerKey);
}

/// <summary>A held <see cref="InFlightMarkers"/> marker; disposing it releases the marker if it is still this request's.</summary>
public sealed class InFlightMarker : IAsyncDisposable
{
    /// <summary>Holds nothing: Redis is not configured, not connected, or failed.</summary>
    internal static readonly InFlightMarker None = new(null, string.Empty, string.Empty, NullLogger.Instance);

    // Deletes the marker only if it still holds this request's token: once the lease ran out,
    // the marker may belong to a later request, which must keep it.
    private const string ReleaseScript = """
        if redis.call('get', KEYS[1]) == ARGV[1] then
            return redis.call('del', KEYS[1])
        end
        return 0
        """;

    private readonly IDatabase? _database;
    private readonly string _markerKey;
    private readonly string _token;
    private readonly ILogger _logger;

    internal InFlightMarker(IDatabase? database, string markerKey, string token, ILogger logger)
    {
        _database = database;
        _markerKey = markerKey;
        _token = token;
        _logger = logger;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        try
        {
            await _database.ScriptEvaluateAsync(ReleaseScript, [_markerKey], [_token]);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            // The lease runs out by itself; until then duplicates wait and get 409, as if still in flight.
            InFlightMarkers.LogReleaseFailed(_logger, ex, _markerKey);
        }
    }
}
