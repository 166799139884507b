using System.Globalization;
using QuickCommerce.Core.Stores;
using QuickCommerce.Web.Features.Images;

namespace QuickCommerce.Web.Features.StoreSettings;

/// <summary>
/// One weekday's hours as the API and the form exchange them: "HH:mm" times in the store's zone.
/// Closed days carry no times; equal times mean open round the clock; a closing time earlier than
/// the opening one means the shop trades past midnight.
/// </summary>
public sealed record WeekdayHours(string Day, bool Closed, string? Opens, string? Closes)
{
    /// <summary>The week as an Indian shop calendar shows it: Monday first.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Week =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday,
        DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    /// <summary>The seven days of <paramref name="hours"/>, Monday first, closed days included.</summary>
    public static IReadOnlyList<WeekdayHours> Of(OpeningHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return
        [
            .. Week.Select(day => hours.Days.FirstOrDefault(d => d.Day == day) is { } open
                ? new WeekdayHours(day.ToString(), false, Time(open.Opens), Time(open.Closes))
                : new WeekdayHours(day.ToString(), true, null, null)),
        ];
    }

    /// <summary>
    /// The weekly timetable these seven days describe, or null with an error per wrong field
    /// ("hours", "hours[2].opens") in <paramref name="errors"/>.
    /// </summary>
    public static OpeningHours? ToOpeningHours(IReadOnlyList<WeekdayHours?>? days, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (days is null || days.Count != Week.Count)
        {
            errors.Add("hours", "Give the hours of all seven weekdays, Monday to Sunday, each once.");
            return null;
        }

        var open = new List<DailyHours>();
        var seen = new HashSet<DayOfWeek>();
        for (var i = 0; i < days.Count; i++)
        {
            var field = $"hours[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (days[i] is not { } entry)
            {
                errors.Add(field, "Each weekday needs its hours.");
                continue;
            }

            if (!Enum.TryParse<DayOfWeek>(entry.Day, ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(entry.Day, out _))
            {
                errors.Add($"{field}.day", "The day must be a weekday name such as Monday.");
                continue;
            }

            if (!seen.Add(day))
            {
                errors.Add($"{field}.day", $"{day} is given twice.");
                continue;
            }

            if (entry.Closed)
            {
                continue;
            }

            var opens = ParseTime(entry.Opens, $"{field}.opens", $"{day}'s opening time", errors);
            var closes = ParseTime(entry.Closes, $"{field}.closes", $"{day}'s closing time", errors);
            if (opens is { } from && closes is { } to)
            {
                open.Add(new DailyHours(day, from, to));
            }
        }

        return errors.Any ? null : new OpeningHours(open);
    }

    private static TimeOnly? ParseTime(string? text, string field, string label, FieldErrors errors)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add(field, $"Give {label} as HH:mm, e.g. 07:30 or 22:00.");
        return null;
    }

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>A holiday closure as the merchant sees it.</summary>
public sealed record ClosureView(Guid Id, DateOnly FirstDay, DateOnly LastDay, string? Reason);

/// <summary>GET /api/v1/merchant/store: everything the settings page shows.</summary>
public sealed record StoreSettingsView(
    Guid StoreId,
    string Name,
    string? PhotoKey,
    bool IsAcceptingOrders,
    bool IsOpenNow,
    DateTimeOffset? OpensAt,
    string TimeZoneId,
    IReadOnlyList<WeekdayHours> Hours,
    int DeliveryRadiusMetres,
    long MinimumOrderPaise,
    long DeliveryFeePaise,
    string Phone,
    IReadOnlyList<ClosureView> Closures)
{
    /// <summary>The large photo's address, for API clients (null without a photo).</summary>
    public string? PhotoUrl => PhotoKey is null ? null : ImageLinks.Of(PhotoKey).Large;
}

/// <summary>PUT /api/v1/merchant/store: the settings the owner edits, all of them each time.</summary>
public sealed record StoreSettingsInput(
    IReadOnlyList<WeekdayHours?>? Hours,
    int? DeliveryRadiusMetres,
    long? MinimumOrderPaise,
    long? DeliveryFeePaise,
    string? Phone);

/// <summary>POST /api/v1/merchant/store/open: the open/closed switch.</summary>
public sealed record OpenSwitchInput(bool? Open);

/// <summary>POST /api/v1/merchant/store/closures: days the shop is shut, both included, in its own calendar.</summary>
public sealed record ClosureInput(DateOnly? FirstDay, DateOnly? LastDay, string? Reason);

/// <summary>Where the switch left the store: taking orders or not, and open right now or not.</summary>
public sealed record OpenState(bool IsAcceptingOrders, bool IsOpenNow, DateTimeOffset? OpensAt);

/// <summary>
/// Errors by field, in the shape of a ValidationProblem: every wrong field is reported at once,
/// so a form can mark them all.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> All => _errors;

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var earlier) ? [.. earlier, message] : [message];
}

/// <summary>What a settings change came to: the new state, no store to change, or errors by field.</summary>
public sealed record SettingsOutcome<T>(T? Value, bool NoStore, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsSuccess => !NoStore && Errors.Count == 0;
}

/// <summary>Makes <see cref="SettingsOutcome{T}"/>s.</summary>
public static class SettingsOutcome
{
    private static readonly Dictionary<string, string[]> None = [];

    public static SettingsOutcome<T> Done<T>(T value) => new(value, false, None);

    public static SettingsOutcome<T> WithoutStore<T>() => new(default, true, None);

    public static SettingsOutcome<T> Invalid<T>(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new(default, false, errors.All);
    }
}

/// <summary>A closure as scheduled: <see cref="Created"/> is false when the very same one was already there.</summary>
public sealed record ClosureScheduled(ClosureView Closure, bool Created);
