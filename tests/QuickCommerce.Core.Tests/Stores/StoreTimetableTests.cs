using QuickCommerce.Core.Stores;

namespace QuickCommerce.Core.Tests.Stores;

public class StoreTimetableTests
{
    private const string Kolkata = "Asia/Kolkata";

    // Monday 2 June 2025: 12:00 and 23:30 IST.
    private static readonly DateTimeOffset MondayNoon = new(2025, 6, 2, 6, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayLateEvening = new(2025, 6, 2, 18, 0, 0, TimeSpan.Zero);

    private static readonly OpeningHours SevenToEleven = OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(23, 0));

    [Fact]
    public void A_store_switched_on_inside_its_hours_is_open()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, acceptingOrders: true, MondayNoon)
            .ShouldBe(new StoreAvailability(true, null));
    }

    [Fact]
    public void A_store_switched_on_outside_its_hours_says_when_it_opens()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, acceptingOrders: true, MondayLateEvening)
            .ShouldBe(new StoreAvailability(false, new DateTimeOffset(2025, 6, 3, 1, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_store_switched_off_inside_its_hours_is_closed_with_no_opening_time()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, acceptingOrders: false, MondayNoon)
            .ShouldBe(new StoreAvailability(false, null));
    }

    [Fact]
    public void A_store_switched_off_outside_its_hours_is_closed_with_no_opening_time()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, acceptingOrders: false, MondayLateEvening)
            .ShouldBe(new StoreAvailability(false, null));
    }

    [Fact]
    public void An_unknown_time_zone_throws()
    {
        Should.Throw<TimeZoneNotFoundException>(
            () => StoreTimetable.Availability(SevenToEleven, "Asia/Nowhere", acceptingOrders: true, MondayNoon));
    }

    [Theory]
    [InlineData(-500, 10)]
    [InlineData(0, 10)]
    [InlineData(250, 10)]
    [InlineData(500, 10)]
    [InlineData(501, 15)]
    [InlineData(1000, 15)]
    [InlineData(1750, 15)]
    [InlineData(1751, 20)]
    [InlineData(3000, 20)]
    [InlineData(3001, 25)]
    [InlineData(10000, 50)]
    public void The_delivery_estimate_is_packing_plus_riding_rounded_up_to_five_and_at_least_ten(double metres, int expected)
    {
        // 8 minutes packing + metres / 250 per minute.
        StoreTimetable.EtaMinutes(metres).ShouldBe(expected);
    }

    [Fact]
    public void Every_delivery_estimate_is_a_multiple_of_five()
    {
        for (var metres = 0; metres <= 20_000; metres += 37)
        {
            var eta = StoreTimetable.EtaMinutes(metres);
            (eta % 5).ShouldBe(0, $"{metres} m gave {eta} min");
            eta.ShouldBeGreaterThanOrEqualTo(10);
        }
    }
}
