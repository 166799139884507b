using QuickCommerce.Core.Stores;

namespace QuickCommerce.Core.Tests.Stores;

public class OpeningHoursTests
{
    private static readonly TimeZoneInfo Kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    // The week of Monday 2 June 2025 to Sunday 8 June 2025, and the Monday after.
    private static readonly DateOnly Monday = new(2025, 6, 2);
    private static readonly DateOnly Tuesday = new(2025, 6, 3);
    private static readonly DateOnly Saturday = new(2025, 6, 7);
    private static readonly DateOnly Sunday = new(2025, 6, 8);

    private static readonly DayOfWeek[] MondayToSaturday =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday,
        DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday,
    ];

    [Fact]
    public void The_test_week_starts_on_a_monday()
    {
        Monday.DayOfWeek.ShouldBe(DayOfWeek.Monday);
        Sunday.DayOfWeek.ShouldBe(DayOfWeek.Sunday);
    }

    [Theory]
    [InlineData(7, 0)]
    [InlineData(12, 0)]
    [InlineData(22, 59)]
    public void A_store_is_open_inside_its_window(int hour, int minute)
    {
        var availability = SevenToEleven().At(Ist(Monday, hour, minute), Kolkata);

        availability.ShouldBe(new StoreAvailability(true, null));
    }

    [Fact]
    public void A_store_is_closed_before_opening_and_opens_later_the_same_day()
    {
        var availability = SevenToEleven().At(Ist(Monday, 6, 30), Kolkata);

        availability.IsOpen.ShouldBeFalse();
        // 07:00 IST is 01:30 UTC.
        availability.OpensAt.ShouldBe(Utc(2025, 6, 2, 1, 30));
    }

    [Theory]
    [InlineData(23, 0)]
    [InlineData(23, 30)]
    [InlineData(23, 59)]
    public void A_store_is_closed_after_closing_and_opens_at_seven_the_next_morning(int hour, int minute)
    {
        var availability = SevenToEleven().At(Ist(Monday, hour, minute), Kolkata);

        availability.IsOpen.ShouldBeFalse();
        availability.OpensAt.ShouldBe(Utc(2025, 6, 3, 1, 30));
    }

    [Fact]
    public void The_next_opening_is_given_in_utc()
    {
        var availability = SevenToEleven().At(Ist(Monday, 23, 30), Kolkata);

        availability.OpensAt!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void The_offset_of_the_instant_passed_in_does_not_change_the_answer()
    {
        var inUtc = Ist(Monday, 23, 30);
        var inIst = inUtc.ToOffset(TimeSpan.FromHours(5.5));

        SevenToEleven().At(inIst, Kolkata).ShouldBe(SevenToEleven().At(inUtc, Kolkata));
    }

    [Theory]
    [InlineData(23, 30)]
    [InlineData(7, 0)]
    public void A_window_that_crosses_midnight_is_open_late_in_the_evening(int hour, int minute)
    {
        var availability = SevenToOne().At(Ist(Monday, hour, minute), Kolkata);

        availability.ShouldBe(new StoreAvailability(true, null));
    }

    [Fact]
    public void A_window_that_crosses_midnight_is_still_open_after_midnight_on_the_next_day()
    {
        var availability = SevenToOne().At(Ist(Tuesday, 0, 30), Kolkata);

        availability.ShouldBe(new StoreAvailability(true, null));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(6, 59)]
    public void A_window_that_crosses_midnight_is_closed_after_it_ends_and_opens_again_that_morning(int hour, int minute)
    {
        var availability = SevenToOne().At(Ist(Tuesday, hour, minute), Kolkata);

        availability.IsOpen.ShouldBeFalse();
        availability.OpensAt.ShouldBe(Utc(2025, 6, 3, 1, 30));
    }

    [Fact]
    public void A_late_saturday_window_runs_into_a_sunday_without_hours()
    {
        var hours = new OpeningHours([new DailyHours(DayOfWeek.Saturday, new TimeOnly(18, 0), new TimeOnly(2, 0))]);

        hours.At(Ist(Sunday, 1, 30), Kolkata).ShouldBe(new StoreAvailability(true, null));

        var afterwards = hours.At(Ist(Sunday, 2, 30), Kolkata);
        afterwards.IsOpen.ShouldBeFalse();
        // Next Saturday 14 June, 18:00 IST = 12:30 UTC.
        afterwards.OpensAt.ShouldBe(Utc(2025, 6, 14, 12, 30));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 15)]
    [InlineData(12, 0)]
    [InlineData(23, 59)]
    public void An_all_day_store_is_always_open(int hour, int minute)
    {
        foreach (var day in Enumerable.Range(0, 7).Select(Monday.AddDays))
        {
            OpeningHours.AllDay().At(Ist(day, hour, minute), Kolkata).ShouldBe(new StoreAvailability(true, null));
        }
    }

    [Fact]
    public void A_weekday_without_hours_is_closed_and_the_next_opening_is_the_following_day()
    {
        var availability = MondayToSaturdaySevenToEleven().At(Ist(Sunday, 12, 0), Kolkata);

        availability.IsOpen.ShouldBeFalse();
        // Monday 9 June, 07:00 IST.
        availability.OpensAt.ShouldBe(Utc(2025, 6, 9, 1, 30));
    }

    [Fact]
    public void After_closing_the_next_opening_skips_a_weekday_without_hours()
    {
        var availability = MondayToSaturdaySevenToEleven().At(Ist(Saturday, 23, 30), Kolkata);

        availability.IsOpen.ShouldBeFalse();
        availability.OpensAt.ShouldBe(Utc(2025, 6, 9, 1, 30));
    }

    [Fact]
    public void A_store_open_one_day_a_week_next_opens_a_week_later_after_closing()
    {
        var hours = new OpeningHours([new DailyHours(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(23, 0))]);

        var availability = hours.At(Ist(Monday, 23, 30), Kolkata);

        availability.IsOpen.ShouldBeFalse();
        availability.OpensAt.ShouldBe(Utc(2025, 6, 9, 1, 30));
    }

    [Fact]
    public void A_timetable_without_any_day_is_closed_with_no_next_opening()
    {
        var availability = new OpeningHours([]).At(Ist(Monday, 12, 0), Kolkata);

        availability.ShouldBe(new StoreAvailability(false, null));
    }

    [Fact]
    public void A_weekday_listed_twice_throws()
    {
        var days = new[]
        {
            new DailyHours(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(23, 0)),
            new DailyHours(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(22, 0)),
        };

        Should.Throw<ArgumentException>(() => new OpeningHours(days)).ParamName.ShouldBe("days");
    }

    [Fact]
    public void Days_are_kept_in_weekday_order()
    {
        var hours = new OpeningHours(
        [
            new DailyHours(DayOfWeek.Saturday, new TimeOnly(7, 0), new TimeOnly(23, 0)),
            new DailyHours(DayOfWeek.Sunday, new TimeOnly(8, 0), new TimeOnly(22, 0)),
            new DailyHours(DayOfWeek.Wednesday, new TimeOnly(8, 0), new TimeOnly(22, 0)),
        ]);

        hours.Days.Select(d => d.Day).ShouldBe([DayOfWeek.Sunday, DayOfWeek.Wednesday, DayOfWeek.Saturday]);
    }

    [Fact]
    public void Equal_opening_and_closing_times_mean_all_day_and_earlier_closing_means_past_midnight()
    {
        new DailyHours(DayOfWeek.Monday, new TimeOnly(0, 0), new TimeOnly(0, 0)).IsAllDay.ShouldBeTrue();
        new DailyHours(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(1, 0)).CrossesMidnight.ShouldBeTrue();
        new DailyHours(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(23, 0)).CrossesMidnight.ShouldBeFalse();
    }

    private static OpeningHours SevenToEleven() => OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(23, 0));

    private static OpeningHours SevenToOne() => OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(1, 0));

    private static OpeningHours MondayToSaturdaySevenToEleven() =>
        new(MondayToSaturday.Select(d => new DailyHours(d, new TimeOnly(7, 0), new TimeOnly(23, 0))));

    /// <summary>The UTC instant of a wall-clock time in India (UTC+05:30, no daylight saving).</summary>
    private static DateTimeOffset Ist(DateOnly date, int hour, int minute) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(5.5)).ToUniversalTime();

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
