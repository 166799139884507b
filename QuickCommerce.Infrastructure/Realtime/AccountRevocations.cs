using System.Globalization;
using StackExchange.Redis;

namespace QuickCommerce.Infrastructure.Realtime;

/// <summary>
/// Tells every app instance that an account lost access (suspended), so each can end that user's
/// live Interactive Server circuits at once. Redis pub/sub when Redis is configured; in-process
/// otherwise (a single instance needs nothing more). The security-stamp check on every request
/// is the guard; this only makes open screens notice without waiting for their next request.
/// </summary>
public sealed class AccountRevocations : IDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("qc:accounts:revoked");
    private readonly ISubscriber? _subscriber;

    public AccountRevocations(IConnectionMultiplexer? redis = null)
    {
        _subscriber = redis?.GetSubscriber();
        _subscriber?.Subscribe(Channel, (_, message) =>
        {
            if (Guid.TryParse(message.ToString(), out var userId))
            {
                Raise(userId);
            }
        });
    }

    /// <summary>Raised on every instance (this one included) when an account is revoked.</summary>
    public event EventHandler<Guid>? Revoked;

    public async Task PublishAsync(Guid userId)
    {
        if (_subscriber is null)
        {
            Raise(userId);
            return;
        }

        await _subscriber.PublishAsync(Channel, userId.ToString("D", CultureInfo.InvariantCulture));
    }

    public void Dispose() => _subscriber?.Unsubscribe(Channel);

    private void Raise(Guid userId) => Revoked?.Invoke(this, userId);
}
