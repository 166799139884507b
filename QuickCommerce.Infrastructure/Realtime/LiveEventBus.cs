using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using QuickCommerce.Core.Realtime;
using StackExchange.Redis;

namespace QuickCommerce.Infrastructure.Realtime;

/// <summary>What a SignalR client receives: the event without its audience.</summary>
public sealed record LiveMessage(string Type, IReadOnlyDictionary<string, string> Data, DateTimeOffset At);

/// <summary>
/// <see cref="ILiveEvents"/> for every instance: SignalR groups through the hub context (the Redis
/// backplane carries them to clients on other instances) and Interactive Server circuits through a
/// Redis channel every instance subscribes to (in-process when Redis is not configured).
/// </summary>
public sealed partial class LiveEventBus : ILiveEvents, IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("qc:live");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IHubContext<LiveHub> _hub;
    private readonly ISubscriber? _subscriber;
    private readonly ILogger<LiveEventBus> _logger;
    private readonly ConcurrentDictionary<Guid, Listener> _listeners = new();

    public LiveEventBus(IHubContext<LiveHub> hub, ILogger<LiveEventBus> logger, IConnectionMultiplexer? redis = null)
    {
        _hub = hub;
        _logger = logger;
        _subscriber = redis?.GetSubscriber();
        _subscriber?.Subscribe(Channel, (_, message) =>
        {
            var liveEvent = Read(message);
            if (liveEvent is not null)
            {
                Deliver(liveEvent);
            }
        });
    }

    public async Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(liveEvent);
        try
        {
            await _hub.Clients.Groups(liveEvent.Groups)
                .SendAsync(LiveHub.EventMethod, new LiveMessage(liveEvent.Type, liveEvent.Data, liveEvent.At), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or InvalidOperationException or TimeoutException)
        {
            LogPublishFailed(_logger, ex, liveEvent.Type, "SignalR");
        }

        if (_subscriber is null)
        {
            Deliver(liveEvent);
            return;
        }

        try
        {
            await _subscriber.PublishAsync(Channel, JsonSerializer.Serialize(liveEvent, Json));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis down: circuits on this instance still hear it; others catch up on their next refresh.
            LogPublishFailed(_logger, ex, liveEvent.Type, "Redis");
            Deliver(liveEvent);
        }
    }

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every event, published on any instance, addressed to
    /// one of <paramref name="groups"/>. For Interactive Server circuits; dispose to stop.
    /// The caller must check the user may see those groups (<see cref="LiveAccess"/>).
    /// </summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> groups, Func<LiveEvent, Task> onEvent)
    {
        var id = Guid.NewGuid();
        _listeners[id] = new Listener([.. groups], onEvent);
        return new Unsubscriber(() => _listeners.TryRemove(id, out _));
    }

    public void Dispose() => _subscriber?.Unsubscribe(Channel);

    private LiveEvent? Read(RedisValue message)
    {
        try
        {
            return JsonSerializer.Deserialize<LiveEvent>(message.ToString(), Json);
        }
        catch (JsonException ex)
        {
            LogUnreadable(_logger, ex);
            return null;
        }
    }

    private void Deliver(LiveEvent liveEvent)
    {
        foreach (var listener in _listeners.Values)
        {
            if (liveEvent.Groups.Any(listener.Groups.Contains))
            {
                _ = InvokeAsync(listener, liveEvent);
            }
        }
    }

    private async Task InvokeAsync(Listener listener, LiveEvent liveEvent)
    {
        try
        {
            await listener.OnEvent(liveEvent);
        }
#pragma warning disable CA1031 // One broken screen must not stop the others hearing the event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogListenerFailed(_logger, ex, liveEvent.Type);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live event {EventType} could not be sent through {Transport}.")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string eventType, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live event from Redis could not be read.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A screen failed to handle live event {EventType}.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string eventType);

    private sealed record Listener(HashSet<string> Groups, Func<LiveEvent, Task> OnEvent);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
