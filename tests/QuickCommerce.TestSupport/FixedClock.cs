namespace QuickCommerce.TestSupport;

/// <summary>A clock that says what the test tells it (Microsoft's FakeTimeProvider is not in our feed).</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>A moment given in India Standard Time (UTC+05:30), the demo city's zone.</summary>
    public static DateTimeOffset Ist(int year, int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(5.5)).ToUniversalTime();
}
