using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Notifications;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>Inbox messages written straight into a test database (at a chosen time), and read back.</summary>
public static class InboxRows
{
    /// <summary>Writes one unread message for <paramref name="userId"/>, created at <paramref name="at"/> (now when null).</summary>
    public static async Task<Guid> AddAsync(
        TestDatabase database, Guid userId, string title = "Your order was accepted", string? link = "/orders", DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var message = new InboxMessage(
            new Notification(userId, title, $"About: {title}", link), $"test:{Guid.NewGuid():N}", at ?? DateTimeOffset.UtcNow);
        await using var db = database.NewContext();
        db.InboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    public static async Task<bool> IsReadAsync(TestDatabase database, Guid messageId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.InboxMessages.Where(m => m.Id == messageId).Select(m => m.ReadAt != null).SingleAsync();
    }

    public static async Task<int> CountAsync(TestDatabase database, Guid userId)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.NewContext();
        return await db.InboxMessages.CountAsync(m => m.UserId == userId);
    }
}
