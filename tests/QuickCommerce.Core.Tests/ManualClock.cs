namespace QuickCommerce.Core.Tests;

/// <summary>
/// A clock that stands still until a test moves it, so times recorded by the domain can be asserted
/// exactly. (Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider is not on our feed.)
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
