using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Core.Tests.Stores;

public class StoreClosureAvailabilityTests
{
    private const string Kolkata = "Asia/Kolkata";
    private static readonly Guid StoreId = Guid.NewGuid();

    // Monday 2 June 2025 to Sunday 8 June 2025.
    private static readonly DateOnly Monday = new(2025, 6, 2);
    private static readonly DateOnly Tuesday = new(2025, 6, 3);
    private static readonly DateOnly Wednesday = new(2025, 6, 4);
    private static readonly DateOnly Thursday = new(2025, 6, 5);

    private static readonly OpeningHours SevenToEleven = OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(23, 0));
    private static readonly OpeningHours SixPmToTwoAm = OpeningHours.Daily(new TimeOnly(18, 0), new TimeOnly(2, 0));

    public static TheoryData<string> Timetables => ["seven-to-eleven", "overnight", "all-day", "weekdays-only", "mixed"];

    [Fact]
    public void A_store_inside_its_hours_on_a_closed_day_is_closed_and_opens_the_morning_after()
    {
        var availability = StoreTimetable.Availability(SevenToEleven, Kolkata, true, Ist(Tuesday, 12), [Closure(Tuesday, Tuesday)]);

        availability.ShouldBe(new StoreAvailability(false, Ist(Wednesday, 7)));
    }

    [Fact]
    public void Before_a_closure_the_store_trades_as_usual()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, true, Ist(Monday, 12), [Closure(Tuesday, Wednesday)])
            .ShouldBe(new StoreAvailability(true, null));
    }

    [Fact]
    public void After_closing_on_the_eve_of_a_closure_the_next_opening_is_after_it()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, true, Ist(Monday, 23, 30), [Closure(Tuesday, Wednesday)])
            .ShouldBe(new StoreAvailability(false, Ist(Thursday, 7)));
    }

    [Fact]
    public void Back_to_back_closures_are_skipped_together()
    {
        var closures = new[] { Closure(Tuesday, Tuesday), Closure(Wednesday, Wednesday) };

        StoreTimetable.Availability(SevenToEleven, Kolkata, true, Ist(Tuesday, 9), closures)
            .ShouldBe(new StoreAvailability(false, Ist(Thursday, 7)));
    }

    [Fact]
    public void A_late_night_shop_keeps_the_night_before_a_closure_to_its_end()
    {
        // Monday's 18:00-02:00 window runs into Tuesday, the closed day.
        StoreTimetable.Availability(SixPmToTwoAm, Kolkata, true, Ist(Tuesday, 1), [Closure(Tuesday, Tuesday)])
            .ShouldBe(new StoreAvailability(true, null));
    }

    [Fact]
    public void A_late_night_shop_does_not_open_the_evening_of_a_closed_day_nor_after_its_midnight()
    {
        var closed = new[] { Closure(Tuesday, Tuesday) };

        StoreTimetable.Availability(SixPmToTwoAm, Kolkata, true, Ist(Tuesday, 19), closed)
            .ShouldBe(new StoreAvailability(false, Ist(Wednesday, 18)));
        StoreTimetable.Availability(SixPmToTwoAm, Kolkata, true, Ist(Wednesday, 1), closed)
            .ShouldBe(new StoreAvailability(false, Ist(Wednesday, 18)));
    }

    [Fact]
    public void The_switch_off_wins_over_everything()
    {
        StoreTimetable.Availability(SevenToEleven, Kolkata, false, Ist(Tuesday, 12), [Closure(Tuesday, Tuesday)])
            .ShouldBe(new StoreAvailability(false, null));
    }

    [Fact]
    public void A_closed_day_next_to_a_weekly_day_off_pushes_the_opening_past_both()
    {
        // Shut on Sundays; closed Monday too for a holiday.
        var hours = new OpeningHours(Enum.GetValues<DayOfWeek>()
            .Where(d => d != DayOfWeek.Sunday)
            .Select(d => new DailyHours(d, new TimeOnly(8, 0), new TimeOnly(21, 0))));
        var sunday = Monday.AddDays(6);

        StoreTimetable.Availability(hours, Kolkata, true, Ist(sunday, 10), [Closure(sunday.AddDays(1), sunday.AddDays(1))])
            .ShouldBe(new StoreAvailability(false, Ist(sunday.AddDays(2), 8)));
    }

    [Fact]
    public void A_long_closure_pushes_the_next_opening_past_its_end()
    {
        var mondaysOnly = new OpeningHours([new DailyHours(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0))]);
        var closure = Closure(Monday, Monday.AddDays(StoreClosure.MaxDays - 1));

        var availability = StoreTimetable.Availability(mondaysOnly, Kolkata, true, Ist(Monday, 10), [closure]);

        availability.IsOpen.ShouldBeFalse();
        availability.OpensAt.ShouldBe(Ist(Monday.AddDays(63), 9));
    }

    [Fact]
    public void The_store_says_which_closure_shuts_it_today()
    {
        var store = new Store(
            StoreId, null, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            Builders.Indiranagar(), 4000, SevenToEleven, Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        var diwali = Closure(Tuesday, Wednesday);

        store.ClosureOn(Ist(Wednesday, 9), [diwali]).ShouldBeSameAs(diwali);
        store.ClosureOn(Ist(Thursday, 9), [diwali]).ShouldBeNull();
        store.AvailabilityAt(Ist(Wednesday, 9), [diwali]).ShouldBe(new StoreAvailability(false, Ist(Thursday, 7)));
    }

    /// <summary>
    /// With closures that touch none of the week, the closure-aware walk must agree with the
    /// weekly timetable at every half hour of the week, for every kind of timetable.
    /// </summary>
    [Theory]
    [MemberData(nameof(Timetables))]
    public void Closures_elsewhere_in_the_year_change_nothing(string name)
    {
        var hours = Timetable(name);
        var farAway = new[] { Closure(Monday.AddDays(120), Monday.AddDays(121)) };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Kolkata);

        for (var step = 0; step < 7 * 48; step++)
        {
            var now = Ist(Monday, 0).AddMinutes(30 * step);
            StoreTimetable.Availability(hours, Kolkata, true, now, farAway).ShouldBe(hours.At(now, zone), $"{name} at {now:u}");
        }
    }

    private static OpeningHours Timetable(string name) => name switch
    {
        "seven-to-eleven" => SevenToEleven,
        "overnight" => SixPmToTwoAm,
        "all-day" => OpeningHours.AllDay(),
        "weekdays-only" => new OpeningHours(Enum.GetValues<DayOfWeek>()
            .Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            .Select(d => new DailyHours(d, new TimeOnly(9, 30), new TimeOnly(20, 0)))),
        _ => new OpeningHours(
        [
            new DailyHours(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(13, 0)),
            new DailyHours(DayOfWeek.Tuesday, TimeOnly.MinValue, TimeOnly.MinValue),
            new DailyHours(DayOfWeek.Wednesday, new TimeOnly(20, 0), new TimeOnly(3, 0)),
            new DailyHours(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(6, 0)),
            new DailyHours(DayOfWeek.Saturday, new TimeOnly(5, 0), new TimeOnly(5, 0)),
        ]),
    };

    private static StoreClosure Closure(DateOnly first, DateOnly last) => new(StoreId, first, last, null);

    private static DateTimeOffset Ist(DateOnly day, int hour, int minute = 0) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(5.5)).ToUniversalTime();
}
