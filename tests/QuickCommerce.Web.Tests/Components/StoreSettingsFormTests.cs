using Bunit;
using MudBlazor.Services;
using QuickCommerce.Web.Features.StoreSettings;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>The settings form and the closures list, rendered from given settings; what they hand back on save.</summary>
public sealed class StoreSettingsFormTests : ComponentTest, IAsyncLifetime
{
    private readonly List<StoreSettingsInput> _saved = [];

    public StoreSettingsFormTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously; the synchronous Dispose xUnit calls next then finds nothing left.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void Every_weekday_shows_its_hours_a_closed_day_no_times_and_a_late_night_day_says_so()
    {
        var form = RenderForm(Settings());

        form.FindAll(".weekday").Count.ShouldBe(7);
        form.Find("#opens-Monday").GetAttribute("value").ShouldBe("07:00");
        form.Find("#closes-Monday").GetAttribute("value").ShouldBe("23:00");
        form.Find("[data-testid=day-Sunday]").TextContent.ShouldContain("Closed");
        form.FindAll("#opens-Sunday").ShouldBeEmpty();
        form.Find("[data-testid=day-Saturday]").TextContent.ShouldContain("Closes after midnight, on Sunday.");
        form.FindAll("#opens-Friday").ShouldBeEmpty("an all-day Friday needs no times");
        form.Find("#phone").GetAttribute("value").ShouldBe("+918041234567");
        form.Find("#minimum-order").GetAttribute("value").ShouldBe("99");
    }

    [Fact]
    public void Saving_hands_back_the_whole_week_and_the_terms_in_paise()
    {
        var form = RenderForm(Settings());

        form.Find("#phone").Change("98450 12345");
        form.Find("#minimum-order").Change("149.50");
        form.Find("#delivery-fee").Change("0");
        form.Find("#closes-Monday").Change("22:30:00");
        form.Find("[data-testid=day-Tuesday] input[type=checkbox]").Change(false);
        form.Find("[data-testid=save-settings]").Click();

        var saved = _saved.ShouldHaveSingleItem();
        saved.Phone.ShouldBe("98450 12345");
        saved.MinimumOrderPaise.ShouldBe(14_950);
        saved.DeliveryFeePaise.ShouldBe(0);
        saved.DeliveryRadiusMetres.ShouldBe(4000);
        saved.Hours!.Select(d => d!.Day).ShouldBe(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]);
        saved.Hours![0].ShouldBe(new WeekdayHours("Monday", false, "07:00", "22:30"));
        saved.Hours![1].ShouldBe(new WeekdayHours("Tuesday", true, null, null));
        saved.Hours![4].ShouldBe(new WeekdayHours("Friday", false, "00:00", "00:00"));
        saved.Hours![5].ShouldBe(new WeekdayHours("Saturday", false, "18:00", "02:00"));
        saved.Hours![6].ShouldBe(new WeekdayHours("Sunday", true, null, null));
    }

    [Fact]
    public void Errors_from_a_refused_save_are_shown_at_their_fields()
    {
        var errors = new Dictionary<string, string[]>
        {
            ["phone"] = ["Enter a 10-digit Indian number."],
            ["hours[2].opens"] = ["Give Wednesday's opening time as HH:mm, e.g. 07:30 or 22:00."],
            ["hours"] = ["Open on at least one day of the week."],
        };

        var form = Render<StoreSettingsForm>(p => p
            .Add(x => x.Settings, Settings())
            .Add(x => x.Errors, errors));

        form.Find("[data-testid=hours-error]").TextContent.ShouldContain("Open on at least one day of the week.");
        form.Markup.ShouldContain("Enter a 10-digit Indian number.");
        form.Find("[data-testid=day-Wednesday]").TextContent.ShouldContain("Give Wednesday's opening time as HH:mm");
    }

    [Fact]
    public void What_is_typed_survives_new_settings_until_the_revision_changes()
    {
        var form = RenderForm(Settings());
        form.Find("#phone").Change("98450 12345");

        form.Render(p => p.Add(x => x.Settings, Settings() with { IsAcceptingOrders = false }));
        form.Find("#phone").GetAttribute("value").ShouldBe("98450 12345");

        form.Render(p => p.Add(x => x.Settings, Settings() with { Phone = "+919845012345" }).Add(x => x.Revision, 1));
        form.Find("#phone").GetAttribute("value").ShouldBe("+919845012345");
    }

    [Fact]
    public void The_closures_list_shows_each_closure_and_hands_back_adds_and_removals()
    {
        var diwali = new ClosureView(Guid.NewGuid(), new DateOnly(2026, 11, 8), new DateOnly(2026, 11, 10), "Diwali");
        var removed = new List<ClosureView>();
        var added = new List<ClosureInput>();
        var list = Render<StoreClosuresEditor>(p => p
            .Add(x => x.Closures, [diwali])
            .Add(x => x.OnRemove, c => removed.Add(c))
            .Add(x => x.OnAdd, input =>
            {
                added.Add(input);
                return Task.FromResult(true);
            }));

        list.Find("[data-testid=closure]").TextContent.ShouldContain("Sun 8 Nov – Tue 10 Nov");
        list.Find("[data-testid=closure]").TextContent.ShouldContain("Diwali");

        list.Find("[data-testid=closure] button").Click();
        removed.ShouldBe([diwali]);

        list.Find("#closure-first").Change("2026-12-25");
        list.Find("#closure-reason").Change("Christmas");
        list.Find("[data-testid=add-closure]").Click();
        added.ShouldBe([new ClosureInput(new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 25), "Christmas")]);
        list.Find("#closure-first").GetAttribute("value").ShouldBeNullOrEmpty();
    }

    [Fact]
    public void No_closures_says_so()
    {
        var list = Render<StoreClosuresEditor>(p => p.Add(x => x.Closures, []));

        list.Find("[data-testid=no-closures]").TextContent.ShouldBe("No closures planned.");
    }

    private IRenderedComponent<StoreSettingsForm> RenderForm(StoreSettingsView settings) =>
        Render<StoreSettingsForm>(p => p
            .Add(x => x.Settings, settings)
            .Add(x => x.OnSave, input => _saved.Add(input)));

    /// <summary>07:00-23:00 on weekdays, round the clock on Friday, 18:00-02:00 on Saturday, shut on Sunday.</summary>
    private static StoreSettingsView Settings() => new(
        Guid.NewGuid(),
        "Sri Balaji Kirana",
        null,
        true,
        true,
        null,
        "Asia/Kolkata",
        [
            new WeekdayHours("Monday", false, "07:00", "23:00"),
            new WeekdayHours("Tuesday", false, "07:00", "23:00"),
            new WeekdayHours("Wednesday", false, "07:00", "23:00"),
            new WeekdayHours("Thursday", false, "07:00", "23:00"),
            new WeekdayHours("Friday", false, "00:00", "00:00"),
            new WeekdayHours("Saturday", false, "18:00", "02:00"),
            new WeekdayHours("Sunday", true, null, null),
        ],
        4000,
        9900,
        1500,
        "+918041234567",
        []);
}
