using System.Globalization;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Web.Features.Common;

/// <summary>How distances and store times read on the customer pages.</summary>
public static class Formats
{
    private static readonly CultureInfo Indian = CultureInfo.GetCultureInfo("en-IN");

    /// <summary>"850 m" below a kilometre, "1.2 km" above.</summary>
    public static string Distance(int metres) =>
        metres < 1000
            ? $"{metres.ToString(CultureInfo.InvariantCulture)} m"
            : $"{(metres / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} km";

    /// <summary>
    /// When a closed store opens, in the store's own time zone: "Opens 7:00 am",
    /// "Opens tomorrow 7:00 am", "Opens Sat 8:00 am"; "Closed" when it is switched off.
    /// </summary>
    public static string OpensAt(DateTimeOffset? opensAt, DateTimeOffset now, string timeZoneId = Store.DefaultTimeZone)
    {
        if (opensAt is null)
        {
            return "Closed now";
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var at = TimeZoneInfo.ConvertTime(opensAt.Value, zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var day = DateOnly.FromDateTime(at.DateTime);
        var time = at.ToString("h:mm tt", Indian).ToLowerInvariant();
        if (day == today)
        {
            return $"Opens {time}";
        }

        return day == today.AddDays(1)
            ? $"Opens tomorrow {time}"
            : $"Opens {at.ToString("ddd", Indian)} {time}";
    }

    /// <summary>"7:05 pm" (today) or "24 Nov, 7:05 pm", in the store's time zone.</summary>
    public static string ClockTime(DateTimeOffset at, string timeZoneId = Store.DefaultTimeZone)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        return local.ToString("d MMM, h:mm tt", Indian).Replace("AM", "am", StringComparison.Ordinal).Replace("PM", "pm", StringComparison.Ordinal);
    }

    /// <summary>"1 minute", "90 seconds", "5 minutes", "2 hours": how people say a wait.</summary>
    public static string Wait(TimeSpan wait)
    {
        if (wait.TotalHours >= 1 && wait.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Count((int)wait.TotalHours, "hour");
        }

        return wait.TotalMinutes >= 1 && wait.Ticks % TimeSpan.TicksPerMinute == 0
            ? Count((int)wait.TotalMinutes, "minute")
            : Count((int)Math.Round(wait.TotalSeconds), "second");
    }

    private static string Count(int count, string unit) =>
        count == 1 ? $"1 {unit}" : $"{count.ToString(CultureInfo.InvariantCulture)} {unit}s";
}
