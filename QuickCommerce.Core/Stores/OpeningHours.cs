namespace QuickCommerce.Core.Stores;

/// <summary>
/// One weekday's trading window in the store's local time. <see cref="Closes"/> earlier than
/// <see cref="Opens"/> means the store trades past midnight; equal times mean open all day.
/// </summary>
public sealed record DailyHours(DayOfWeek Day, TimeOnly Opens, TimeOnly Closes)
{
    public bool IsAllDay => Opens == Closes;

    public bool CrossesMidnight => Closes < Opens;
}

/// <summary>Whether a store is trading at a moment, and when it next opens if not.</summary>
public sealed record StoreAvailability(bool IsOpen, DateTimeOffset? OpensAt);

/// <summary>
/// The weekly timetable of a store. A weekday without an entry is a closed day.
/// All times are local to the store's time zone; callers pass UTC instants.
/// </summary>
public sealed class OpeningHours
{
    private readonly List<DailyHours> _days;

    public OpeningHours(IEnumerable<DailyHours> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        _days = [.. days.OrderBy(d => d.Day)];
        if (_days.Select(d => d.Day).Distinct().Count() != _days.Count)
        {
            throw new ArgumentException("Each weekday may appear once.", nameof(days));
        }
    }

    public IReadOnlyList<DailyHours> Days => _days;

    /// <summary>The same hours every day of the week.</summary>
    public static OpeningHours Daily(TimeOnly opens, TimeOnly closes) =>
        new(Enum.GetValues<DayOfWeek>().Select(d => new DailyHours(d, opens, closes)));

    /// <summary>Open around the clock, every day.</summary>
    public static OpeningHours AllDay() => Daily(TimeOnly.MinValue, TimeOnly.MinValue);

    /// <summary>Tells whether the store trades at <paramref name="now"/> and, if not, when it next opens.</summary>
    public StoreAvailability At(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);

        if (IsOpenAt(today, time))
        {
            return new StoreAvailability(true, null);
        }

        // The next opening is at most a week away; look at today's later opening and the next seven days.
        for (var offset = 0; offset <= 7; offset++)
        {
            var date = today.AddDays(offset);
            var hours = For(date.DayOfWeek);
            if (hours is null || (offset == 0 && hours.Opens <= time))
            {
                continue;
            }

            var opensLocal = date.ToDateTime(hours.Opens);
            var opensAt = new DateTimeOffset(opensLocal, zone.GetUtcOffset(opensLocal));
            return new StoreAvailability(false, opensAt.ToUniversalTime());
        }

        return new StoreAvailability(false, null);
    }

    private bool IsOpenAt(DateOnly date, TimeOnly time)
    {
        var today = For(date.DayOfWeek);
        if (today is not null)
        {
            if (today.IsAllDay)
            {
                return true;
            }

            var inToday = today.CrossesMidnight
                ? time >= today.Opens
                : time >= today.Opens && time < today.Closes;
            if (inToday)
            {
                return true;
            }
        }

        // Yesterday's late window may still be running after midnight.
        var yesterday = For(date.AddDays(-1).DayOfWeek);
        return yesterday is { CrossesMidnight: true } && time < yesterday.Closes;
    }

    private DailyHours? For(DayOfWeek day) => _days.Find(d => d.Day == day);
}
