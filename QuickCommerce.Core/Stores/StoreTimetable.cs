namespace QuickCommerce.Core.Stores;

/// <summary>Rules that turn a store's hours, zone and switch into "open now" and a delivery estimate.</summary>
public static class StoreTimetable
{
    /// <summary>Minutes a kirana needs to pick and pack a typical order.</summary>
    public const int PackingMinutes = 8;

    /// <summary>Average two-wheeler speed in city traffic, metres per minute (about 15 km/h).</summary>
    public const int RiderMetresPerMinute = 250;

    /// <summary>Open now, or when it opens next. The owner's switch overrides the timetable.</summary>
    public static StoreAvailability Availability(OpeningHours hours, string timeZoneId, bool acceptingOrders, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var byHours = hours.At(now, zone);
        return acceptingOrders ? byHours : new StoreAvailability(false, null);
    }

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
