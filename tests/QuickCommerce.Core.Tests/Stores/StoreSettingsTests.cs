using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Core.Tests.Stores;

public class StoreSettingsTests
{
    // Wednesday 25 November 2026, 14:00 IST.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData(500)]
    [InlineData(3000)]
    [InlineData(10_000)]
    public void A_delivery_radius_from_half_a_kilometre_to_ten_is_taken(int metres)
    {
        var store = AStore();

        store.ChangeDeliveryRadius(metres).IsSuccess.ShouldBeTrue();

        store.DeliveryRadiusMetres.ShouldBe(metres);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(499)]
    [InlineData(10_001)]
    [InlineData(-5)]
    public void A_delivery_radius_outside_the_bounds_is_refused_and_changes_nothing(int metres)
    {
        var store = AStore();

        var result = store.ChangeDeliveryRadius(metres);

        result.Error.ShouldBe(DomainError.Validation("deliveryRadiusMetres", "The delivery radius must be between 500 m and 10 km."));
        store.DeliveryRadiusMetres.ShouldBe(4000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9900)]
    [InlineData(Store.MaxMinimumOrderPaise)]
    public void A_minimum_order_from_nothing_to_the_cap_is_taken(long paise)
    {
        var store = AStore();

        store.ChangeMinimumOrder(new Money(paise)).IsSuccess.ShouldBeTrue();

        store.MinimumOrderPaise.ShouldBe(paise);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Store.MaxMinimumOrderPaise + 1)]
    public void A_negative_or_outsized_minimum_order_is_refused(long paise)
    {
        var store = AStore();

        store.ChangeMinimumOrder(new Money(paise)).Error!.Code.ShouldBe("minimumOrderPaise");

        store.MinimumOrderPaise.ShouldBe(9900);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2500)]
    [InlineData(Store.MaxDeliveryFeePaise)]
    public void A_delivery_fee_from_free_to_the_cap_is_taken(long paise)
    {
        var store = AStore();

        store.ChangeDeliveryFee(new Money(paise)).IsSuccess.ShouldBeTrue();

        store.DeliveryFeePaise.ShouldBe(paise);
    }

    [Theory]
    [InlineData(-100)]
    [InlineData(Store.MaxDeliveryFeePaise + 1)]
    public void A_negative_or_outsized_delivery_fee_is_refused(long paise)
    {
        var store = AStore();

        var result = store.ChangeDeliveryFee(new Money(paise));

        result.Error!.Code.ShouldBe("deliveryFeePaise");
        result.Error.Message.ShouldBe("The delivery fee must be between ₹0 and ₹200.");
        store.DeliveryFeePaise.ShouldBe(1500);
    }

    [Theory]
    [InlineData("98450 12345", "+919845012345")]
    [InlineData("+91-98450-12345", "+919845012345")]
    [InlineData("098450 12345", "+919845012345")]
    [InlineData("080 4123 4567", "+918041234567")]
    [InlineData("+91 80 4123 4567", "+918041234567")]
    [InlineData("(011) 2345 6789", "+911123456789")]
    public void A_mobile_or_landline_number_is_stored_in_e164(string typed, string stored)
    {
        var store = AStore();

        store.ChangePhone(typed).IsSuccess.ShouldBeTrue();

        store.Phone.ShouldBe(stored);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("12345")]
    [InlineData("0000000000")]
    [InlineData("98450x12345")]
    [InlineData("+1 415 555 0100")]
    public void A_number_that_is_not_indian_is_refused_and_the_old_one_stays(string? typed)
    {
        var store = AStore();

        store.ChangePhone(typed).Error!.Code.ShouldBe("phone");

        store.Phone.ShouldBe("+918041234567");
    }

    [Fact]
    public void Hours_with_a_closed_day_and_a_late_night_window_are_taken()
    {
        var store = AStore();
        var hours = new OpeningHours(
        [
            new DailyHours(DayOfWeek.Monday, new TimeOnly(7, 0), new TimeOnly(23, 0)),
            new DailyHours(DayOfWeek.Saturday, new TimeOnly(18, 0), new TimeOnly(2, 0)),
            new DailyHours(DayOfWeek.Sunday, TimeOnly.MinValue, TimeOnly.MinValue),
        ]);

        store.ChangeHours(hours).IsSuccess.ShouldBeTrue();

        store.Hours.ShouldBeSameAs(hours);
        store.Hours.Days.Single(d => d.Day == DayOfWeek.Saturday).CrossesMidnight.ShouldBeTrue();
        store.Hours.Days.Single(d => d.Day == DayOfWeek.Sunday).IsAllDay.ShouldBeTrue();
    }

    [Fact]
    public void A_week_without_a_trading_day_is_refused_in_favour_of_the_switch()
    {
        var store = AStore();
        var before = store.Hours;

        store.ChangeHours(new OpeningHours([])).Error!.Code.ShouldBe("hours");

        store.Hours.ShouldBeSameAs(before);
    }

    [Fact]
    public void The_switch_turns_taking_orders_off_and_on()
    {
        var store = AStore();

        store.SetAcceptingOrders(false);
        store.AvailabilityAt(Now, []).ShouldBe(new StoreAvailability(false, null));

        store.SetAcceptingOrders(true);
        store.AvailabilityAt(Now, []).IsOpen.ShouldBeTrue();
    }

    [Fact]
    public void A_closure_of_upcoming_days_is_scheduled_for_this_store()
    {
        var store = AStore();

        var closure = store.ScheduleClosure(Today.AddDays(5), Today.AddDays(7), "  Diwali ", [], Now).Value!;

        closure.StoreId.ShouldBe(store.Id);
        closure.FirstDay.ShouldBe(Today.AddDays(5));
        closure.LastDay.ShouldBe(Today.AddDays(7));
        closure.Reason.ShouldBe("Diwali");
    }

    [Fact]
    public void A_closure_of_today_alone_or_one_already_begun_is_allowed()
    {
        var store = AStore();

        store.ScheduleClosure(Today, Today, null, [], Now).IsSuccess.ShouldBeTrue();
        store.ScheduleClosure(Today.AddDays(-2), Today.AddDays(1), "Family wedding", [], Now).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void Today_is_the_stores_own_day_not_the_servers()
    {
        // 20:00 UTC on the 24th is already 01:30 on the 25th in Kolkata: "yesterday" is the 24th there.
        var lateUtc = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);

        AStore().ScheduleClosure(new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 24), null, [], lateUtc)
            .Error!.Code.ShouldBe("lastDay");
    }

    [Fact]
    public void A_closure_wholly_in_the_past_is_refused()
    {
        var result = AStore().ScheduleClosure(Today.AddDays(-3), Today.AddDays(-1), null, [], Now);

        result.Error.ShouldBe(DomainError.Validation("lastDay", "These days are already past; a closure must include today or a later day."));
    }

    [Fact]
    public void A_closure_ending_before_it_starts_is_refused()
    {
        AStore().ScheduleClosure(Today.AddDays(3), Today.AddDays(2), null, [], Now).Error!.Code.ShouldBe("lastDay");
    }

    [Fact]
    public void A_closure_may_last_the_maximum_but_not_a_day_more()
    {
        var store = AStore();
        var first = Today.AddDays(1);

        store.ScheduleClosure(first, first.AddDays(StoreClosure.MaxDays - 1), null, [], Now).IsSuccess.ShouldBeTrue();
        store.ScheduleClosure(first, first.AddDays(StoreClosure.MaxDays), null, [], Now)
            .Error.ShouldBe(DomainError.Validation("lastDay", "A closure can last at most 60 days; add another one after it for longer."));
    }

    [Fact]
    public void A_closure_more_than_a_year_ahead_is_refused()
    {
        var first = Today.AddDays(Store.ClosureMaxDaysAhead + 1);

        AStore().ScheduleClosure(first, first, null, [], Now).Error!.Code.ShouldBe("firstDay");
    }

    [Fact]
    public void A_reason_longer_than_the_column_is_refused()
    {
        AStore().ScheduleClosure(Today, Today, new string('x', Store.ClosureReasonMaxLength + 1), [], Now).Error!.Code.ShouldBe("reason");
    }

    [Fact]
    public void A_closure_overlapping_another_is_refused_naming_the_other()
    {
        var store = AStore();
        var diwali = new StoreClosure(store.Id, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3), "Diwali");

        var result = store.ScheduleClosure(new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 5), null, [diwali], Now);

        result.Error.ShouldBe(DomainError.Validation(
            "firstDay", "These days overlap your closure from 1 Dec 2026 to 3 Dec 2026; remove that one first or pick other days."));
    }

    [Fact]
    public void Adjacent_closures_and_other_stores_closures_do_not_overlap()
    {
        var store = AStore();
        var before = new StoreClosure(store.Id, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3), null);
        var elsewhere = new StoreClosure(Guid.NewGuid(), new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 4), null);

        store.ScheduleClosure(new DateOnly(2026, 12, 4), new DateOnly(2026, 12, 5), null, [before, elsewhere], Now).IsSuccess.ShouldBeTrue();
    }

    [Fact]
    public void The_same_closure_asked_for_again_is_the_one_already_there()
    {
        var store = AStore();
        var diwali = new StoreClosure(store.Id, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3), "Diwali");

        store.ScheduleClosure(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 3), "Diwali", [diwali], Now).Value.ShouldBeSameAs(diwali);
    }

    private static Store AStore() => new(
        Guid.NewGuid(),
        Guid.NewGuid(),
        "Sri Balaji Kirana",
        "12, 100 Feet Road",
        "Indiranagar",
        "560038",
        "+918041234567",
        Builders.Indiranagar(),
        4000,
        OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(23, 0)),
        new Money(9900),
        new Money(1500),
        DateTimeOffset.UnixEpoch);
}
