using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace QuickCommerce.Infrastructure.Realtime;

/// <summary>
/// The hub connections open on this instance, by account, so that a suspended account's
/// connections are closed at once (on every instance: <see cref="AccountRevocations"/> tells them
/// all) instead of hearing events until the phone next reconnects — which the hub then refuses.
/// </summary>
public sealed class LiveConnections : IDisposable
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, HubCallerContext>> _byUser = new();
    private readonly AccountRevocations _revocations;

    public LiveConnections(AccountRevocations revocations)
    {
        _revocations = revocations;
        _revocations.Revoked += OnRevoked;
    }

    public void Add(Guid userId, HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<string, HubCallerContext>())[context.ConnectionId] = context;
    }

    public void Remove(Guid userId, string connectionId)
    {
        if (_byUser.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }
    }

    /// <summary>How many connections this account has open here.</summary>
    public int CountFor(Guid userId) => _byUser.TryGetValue(userId, out var connections) ? connections.Count : 0;

    public void Dispose() => _revocations.Revoked -= OnRevoked;

    private void OnRevoked(object? sender, Guid userId)
    {
        if (_byUser.TryRemove(userId, out var connections))
        {
            foreach (var context in connections.Values)
            {
                context.Abort();
            }
        }
    }
}
