using System.Globalization;

namespace QuickCommerce.Core.Realtime;

/// <summary>
/// Something that just happened, for the screens that show it: "order.placed" for a store's
/// dashboard, "order.status" for the customer's order page, "inbox" for a header badge.
/// <paramref name="Data"/> is flat text (ids, statuses, counts) so every client reads it alike.
/// A live event is a hint to refresh, never the record: a screen that missed one refetches.
/// </summary>
public sealed record LiveEvent(string Type, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, string> Data, DateTimeOffset At);

/// <summary>
/// The audiences a live event is addressed to. A connection joins only the groups its user may
/// see: their own user group, their stores, their rider jobs, the orders they are part of, and
/// the admin board for admins.
/// </summary>
public static class LiveGroups
{
    /// <summary>Every admin watching the live board.</summary>
    public const string AdminBoard = "admin";

    public static string Order(Guid orderId) => $"order:{Format(orderId)}";

    public static string Store(Guid storeId) => $"store:{Format(storeId)}";

    public static string Rider(Guid riderId) => $"rider:{Format(riderId)}";

    public static string User(Guid userId) => $"user:{Format(userId)}";

    private static string Format(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}

/// <summary>The port every "tell the screens" goes through, on whichever instance it runs.</summary>
public interface ILiveEvents
{
    /// <summary>
    /// Sends the event to the SignalR clients in its groups on every instance (through the Redis
    /// backplane) and to the Interactive Server circuits on every instance (through Redis pub/sub).
    /// Best effort: live delivery is never the record, so a failure is logged, not thrown.
    /// </summary>
    Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken);
}
