using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace QuickCommerce.Web.Features.Notifications;

/// <summary>
/// Where the next page of an inbox starts: the (createdAt, id) of the last message shown, as text
/// ("{UTC ticks}-{id}"). Clients pass it back as <c>before</c> without reading it. Keyset paging,
/// not an offset, so a message arriving while someone scrolls neither repeats nor hides one.
/// </summary>
public readonly record struct InboxCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public override string ToString() =>
        $"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}-{Id.ToString("N", CultureInfo.InvariantCulture)}";

    public static bool TryParse([NotNullWhen(true)] string? text, out InboxCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(text.AsSpan(dash + 1), "N", out var id))
        {
            return false;
        }

        cursor = new InboxCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
