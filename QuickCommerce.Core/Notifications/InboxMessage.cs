namespace QuickCommerce.Core.Notifications;

/// <summary>
/// One entry of a person's in-app inbox ("Your order was accepted", "New order from Asha").
/// Written by jobs; <see cref="Key"/> makes writing it idempotent, so a job that runs twice
/// leaves one entry, not two.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>Longest title kept; longer ones are cut at a word.</summary>
    public const int TitleMaxLength = 120;

    /// <summary>Longest body kept.</summary>
    public const int BodyMaxLength = 500;

    private InboxMessage()
    {
    }

    public InboxMessage(Notification notification, string key, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Id = Guid.CreateVersion7(createdAt);
        UserId = notification.RecipientId;
        Title = Shorten(notification.Title, TitleMaxLength);
        Body = Shorten(notification.Body, BodyMaxLength);
        Link = notification.Link;
        Key = key;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    /// <summary>Where tapping the message goes, e.g. /orders/{id}.</summary>
    public string? Link { get; private set; }

    /// <summary>What caused it, unique per recipient (e.g. "order.status:{orderId}:Accepted").</summary>
    public string Key { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;

    private static string Shorten(string text, int max)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= max)
        {
            return trimmed;
        }

        var cut = trimmed.LastIndexOf(' ', max - 1);
        return string.Concat(trimmed.AsSpan(0, cut > max / 2 ? cut : max - 1), "…");
    }
}
