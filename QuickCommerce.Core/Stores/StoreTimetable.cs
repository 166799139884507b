namespace QuickCommerce.Core.Stores;

/// <summary>Rules that turn a store's hours, zone and switch into "open now" and a delivery estimate.</summary>
public static class StoreTimetable
{
    /// <summary>Minutes a kirana needs to pick and pack a typical order.</summary>
    public const int PackingMinutes = 8;

    /// <summary>Average two-wheeler speed in city traffic, metres per minute (about 15 km/h).</summary>
    public const int RiderMetresPerMinute = 250;

    /// <summary>
    /// How far ahead the next opening is looked for around holiday closures: a closure is planned at
    /// most a year ahead and lasts at most <see cref="StoreClosure.MaxDays"/>, and a week of hours follows.
    /// </summary>
    private const int ClosureLookAheadDays = 366 + StoreClosure.MaxDays + 7;

    /// <summary>Open now, or when it opens next. The owner's switch overrides the timetable.</summary>
    public static StoreAvailability Availability(OpeningHours hours, string timeZoneId, bool acceptingOrders, DateTimeOffset now) =>
        Availability(hours, timeZoneId, acceptingOrders, now, []);

    /// <summary>
    /// Open now, or when it opens next, skipping the store's holiday closures. The owner's switch
    /// overrides both. A trading window belongs to the day it opens on: a closed day cancels that
    /// day's window whole (even the part after midnight of a late-night shop), while the night
    /// before's window still runs to its end.
    /// </summary>
    public static StoreAvailability Availability(
        OpeningHours hours, string timeZoneId, bool acceptingOrders, DateTimeOffset now, IReadOnlyCollection<StoreClosure> closures)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(closures);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        if (!acceptingOrders)
        {
            return new StoreAvailability(false, null);
        }

        return closures.Count == 0 ? hours.At(now, zone) : AroundClosures(hours, zone, now, closures);
    }

    /// <summary>The day it is in the store's own calendar at <paramref name="now"/>.</summary>
    public static DateOnly LocalDay(DateTimeOffset now, string timeZoneId) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).DateTime);

    /// <summary>The UTC instant at which <paramref name="day"/> begins in the store's calendar.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, string timeZoneId) =>
        ToUtc(day.ToDateTime(TimeOnly.MinValue), TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));

    /// <summary>
    /// Walks the trading windows from yesterday's on, in the order they open, leaving out those of
    /// closed days: the first window still running at <paramref name="now"/> means open; the first
    /// one yet to open says when.
    /// </summary>
    private static StoreAvailability AroundClosures(OpeningHours hours, TimeZoneInfo zone, DateTimeOffset now, IReadOnlyCollection<StoreClosure> closures)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var today = DateOnly.FromDateTime(local);
        for (var offset = -1; offset <= ClosureLookAheadDays; offset++)
        {
            var day = today.AddDays(offset);
            var window = hours.Days.FirstOrDefault(d => d.Day == day.DayOfWeek);
            if (window is null || closures.Any(c => c.Covers(day)))
            {
                continue;
            }

            var opens = day.ToDateTime(window.Opens);
            var closes = window.IsAllDay ? day.AddDays(1).ToDateTime(TimeOnly.MinValue)
                : window.CrossesMidnight ? day.AddDays(1).ToDateTime(window.Closes)
                : day.ToDateTime(window.Closes);
            if (local < opens)
            {
                return new StoreAvailability(false, ToUtc(opens, zone));
            }

            if (local < closes)
            {
                return new StoreAvailability(true, null);
            }
        }

        return new StoreAvailability(false, null);
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone) =>
        new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();

    /// <summary>Delivery estimate in minutes, rounded up to the next 5, never below 10.</summary>
    public static int EtaMinutes(double distanceMetres)
    {
        // Clamp first: a nonsense distance (NaN, infinity) must not overflow into a nonsense ETA.
        var metres = double.IsNaN(distanceMetres) ? 0 : Math.Clamp(distanceMetres, 0, 100_000);
        var raw = PackingMinutes + (metres / RiderMetresPerMinute);
        var rounded = (int)Math.Ceiling(raw / 5.0) * 5;
        return Math.Max(10, rounded);
    }
}
