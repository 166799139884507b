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

        var unread = await CountUnreadAsync(db, notification.RecipientId, cancellationToken);
        await live.PublishAsync(UnreadEvent(notification.RecipientId, unread, message.CreatedAt, message.Title), cancellationToken);
        foreach (var device in devices)
        {
            await device.PushAsync(notification, cancellationToken);
        }

        return true;
    }

    /// <summary>How many of the person's inbox messages are unread.</summary>
    public static Task<int> CountUnreadAsync(QuickCommerceDbContext db, Guid userId, CancellationToken cancellationToken) =>
        // Matches the partial index ix_inbox_messages_unread (user_id WHERE read_at IS NULL).
        db.InboxMessages.CountAsync(m => m.UserId == userId && m.ReadAt == null, cancellationToken);

    /// <summary>The live event that tells a person's open screens their new unread count (and, for a new message, its title).</summary>
    public static LiveEvent UnreadEvent(Guid userId, int unread, DateTimeOffset at, string? title = null)
    {
        var data = new Dictionary<string, string> { ["unread"] = unread.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (title is not null)
        {
            data["title"] = title;
        }

        return new LiveEvent(InboxEvent, [LiveGroups.User(userId)], data, at);
    }
}
