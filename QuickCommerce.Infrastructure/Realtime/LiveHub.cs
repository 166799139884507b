using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Infrastructure.Realtime;

/// <summary>
/// The one SignalR hub (/hubs/live). Clients only listen: on connecting they join their standing
/// groups (own user, a merchant's stores, a rider's jobs, the admin board) and may ask to follow
/// one more group, such as the order on screen, which <see cref="LiveAccess"/> must allow.
/// Events arrive as "event" messages: { type, data, at }.
/// </summary>
[Authorize]
public sealed class LiveHub(LiveAccess access, LiveConnections connections) : Hub
{
    /// <summary>The client method every event is sent to.</summary>
    public const string EventMethod = "event";

    public override async Task OnConnectedAsync()
    {
        var groups = await access.StandingGroupsAsync(Context.User!, Context.ConnectionAborted);
        foreach (var group in groups)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }

        Context.Items[nameof(Joined)] = groups;
        if (Context.User?.FindUserId() is { } userId)
        {
            connections.Add(userId, Context);
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.FindUserId() is { } userId)
        {
            connections.Remove(userId, Context.ConnectionId);
        }

        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// The standing groups this connection is in. A client's start returns before they are joined;
    /// an invocation is answered only after, so a client that must not miss an event calls this first.
    /// </summary>
    public IReadOnlyList<string> Joined() => Context.Items[nameof(Joined)] as IReadOnlyList<string> ?? [];

    /// <summary>Joins one more group; false (and nothing joined) when this user may not see it.</summary>
    public async Task<bool> Follow(string group)
    {
        if (!await access.MayFollowAsync(Context.User!, group, Context.ConnectionAborted))
        {
            return false;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        return true;
    }

    public Task Unfollow(string group) => Groups.RemoveFromGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
}
