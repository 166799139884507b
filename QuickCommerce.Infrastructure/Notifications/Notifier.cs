using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Notifications;

/// <summary>
/// A device channel such as Web Push: reaches a person whose app is closed. Best effort: an
/// implementation logs its failures and never throws for them, so a flaky push service does not
/// make the job that called it run again (and write its inbox entry twice).
/// </summary>
public interface IDevicePush
{
    Task PushAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>
/// Tells one person something, on every channel they have: an entry in their in-app inbox (the
/// record), a live "inbox" event that updates an open header's unread count, and a push to their
/// devices. Called from jobs; the key makes it idempotent: a job that runs again after a crash
/// finds the inbox entry and sends nothing twice.
/// </summary>
public sealed class Notifier(QuickCommerceDbContext db, ILiveEvents live, IEnumerable<IDevicePush> devices, TimeProvider clock)
{
    /// <summary>The live event type that carries a new unread count.</summary>
    public const string InboxEvent = "inbox";

    /// <summary>False when this key was already delivered to this person (nothing is sent again).</summary>
    public async Task<bool> NotifyAsync(Notification notification, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = new InboxMessage(notification, key, clock.GetUtcNow());
        var written = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO inbox_messages (id, user_id, title, body, link, key, created_at)
            VALUES ({message.Id}, {message.UserId}, {message.Title}, {message.Body}, {message.Link}, {message.Key}, {message.CreatedAt})
            ON CONFLICT (user_id, key) DO NOTHING
            """, cancellationToken);
        if (written == 0)
        {
            return false;
        }

        var unread = await UnreadCountAsync(notification.RecipientId, cancellationToken);
        await live.PublishAsync(
            new LiveEvent(
                InboxEvent,
                [LiveGroups.User(notification.RecipientId)],
                new Dictionary<string, string>
                {
                    ["unread"] = unread.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["title"] = message.Title,
                },
                message.CreatedAt),
            cancellationToken);
        foreach (var device in devices)
        {
            await device.PushAsync(notification, cancellationToken);
        }

        return true;
    }

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken) =>
        db.InboxMessages.CountAsync(m => m.UserId == userId && m.ReadAt == null, cancellationToken);
}
