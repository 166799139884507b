using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Notifications;

/// <summary>One inbox message as a screen or an API client sees it. <see cref="Link"/> is only ever a path on this site.</summary>
public sealed record InboxEntry(Guid Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>Some of a person's inbox, newest first, with their unread count; <see cref="Next"/> continues it (null at the end).</summary>
public sealed record InboxListing(int Unread, IReadOnlyList<InboxEntry> Messages, string? Next);

/// <summary>
/// A person's own in-app inbox: what jobs told them (<see cref="Notifier"/> writes it), newest
/// first, and marking it read. Another person's message is simply not found. One DbContext per
/// operation, because the dashboards' header holds this service for a whole circuit and the page
/// layout counts unread messages while the page itself is loading its own data.
/// </summary>
public sealed class Inbox(IDbContextFactory<QuickCommerceDbContext> contexts, ILiveEvents live, TimeProvider clock)
{
    /// <summary>Messages per page unless the caller asks for another number.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>The most messages one page may hold.</summary>
    public const int MaxPageSize = 50;

    public async Task<InboxListing> ListAsync(Guid userId, InboxCursor? before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = db.InboxMessages.AsNoTracking().Where(m => m.UserId == userId);
        if (before is { } cursor)
        {
            // A row comparison, (created_at, id) < (@at, @id): the tie-break on id keeps two messages
            // written in the same microsecond apart across a page boundary.
            mine = mine.Where(m => EF.Functions.LessThan(
                ValueTuple.Create(m.CreatedAt, m.Id),
                ValueTuple.Create(cursor.CreatedAt, cursor.Id)));
        }

        // One more than asked, to know whether an older page exists without counting.
        var rows = await mine
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.Id)
            .Take(limit + 1)
            .Select(m => new { m.Id, m.Title, m.Body, m.Link, m.CreatedAt, m.ReadAt })
            .ToListAsync(cancellationToken);
        var messages = rows.Take(limit)
            .Select(m => new InboxEntry(m.Id, m.Title, m.Body, FollowableOrNull(m.Link), m.CreatedAt, m.ReadAt is not null))
            .ToList();
        var next = rows.Count > limit ? new InboxCursor(messages[^1].CreatedAt, messages[^1].Id).ToString() : null;
        var unread = await Notifier.CountUnreadAsync(db, userId, cancellationToken);
        return new InboxListing(unread, messages, next);
    }

    /// <summary>The number on the header's badge.</summary>
    public async Task<int> UnreadCountAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Notifier.CountUnreadAsync(db, userId, cancellationToken);
    }

    /// <summary>Marks one of the person's messages read (again is fine) and returns it, to follow its link.</summary>
    public async Task<Result<InboxEntry>> MarkReadAsync(Guid userId, Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.InboxMessages.SingleOrDefaultAsync(m => m.Id == messageId && m.UserId == userId, cancellationToken);
        if (message is null)
        {
            return DomainError.NotFound("inbox.not-found", "There is no such message in your inbox.");
        }

        if (!message.IsRead)
        {
            message.MarkRead(clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await AnnounceUnreadAsync(db, userId, cancellationToken);
        }

        return new InboxEntry(message.Id, message.Title, message.Body, FollowableOrNull(message.Link), message.CreatedAt, Read: true);
    }

    /// <summary>Marks every unread message of the person read; returns how many there were.</summary>
    public async Task<int> MarkAllReadAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();

        // One UPDATE instead of loading every unread message to call MarkRead on each: it sets the
        // same column the same way (only where it is still empty), for any number of messages.
        var marked = await db.InboxMessages
            .Where(m => m.UserId == userId && m.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.ReadAt, (DateTimeOffset?)now), cancellationToken);
        if (marked > 0)
        {
            await AnnounceUnreadAsync(db, userId, cancellationToken);
        }

        return marked;
    }

    /// <summary>
    /// True for a path on this site ("/orders/…"), the only kind of link a message may send
    /// someone to: never another site ("https://…", "//evil.example", "/\evil.example"), and no
    /// whitespace or control characters, which browsers strip to turn "/\t/evil" into "//evil".
    /// </summary>
    public static bool IsFollowable(string? link) =>
        link is { Length: > 0 }
        && link[0] == '/'
        && (link.Length == 1 || (link[1] != '/' && link[1] != '\\'))
        && !link.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

    private static string? FollowableOrNull(string? link) => IsFollowable(link) ? link : null;

    /// <summary>Tells the person's other open screens (another tab, the dashboard header) the new count.</summary>
    private async Task AnnounceUnreadAsync(QuickCommerceDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var unread = await Notifier.CountUnreadAsync(db, userId, cancellationToken);
        await live.PublishAsync(Notifier.UnreadEvent(userId, unread, clock.GetUtcNow()), cancellationToken);
    }
}
