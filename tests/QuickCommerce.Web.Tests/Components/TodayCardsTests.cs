using Bunit;
using MudBlazor.Services;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>Today at a glance: the cards, chart and lists rendered from a given summary.</summary>
public sealed class TodayCardsTests : ComponentTest, IAsyncLifetime
{
    public TodayCardsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously; the synchronous Dispose xUnit calls next then finds nothing left.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void The_cards_show_orders_revenue_acceptance_time_and_rejections()
    {
        var perHour = new int[24];
        perHour[9] = 2;
        perHour[13] = 3;
        var summary = Summary(orders: 5, revenuePaise: 123_450_00, sold: 2, acceptanceSeconds: 95, rejected: 3, perHour) with
        {
            TopProducts =
            [
                new TopProduct(Guid.NewGuid(), "Amul Taaza Milk", "500 ml", 4, 12_000),
                new TopProduct(Guid.NewGuid(), "Aashirvaad Atta", "5 kg", 2, 49_000),
            ],
            RejectionReasons = [new RejectionReason("Out of stock", 2), new RejectionReason("Shop closing", 1)],
        };

        var cards = Render<TodayCards>(p => p.Add(x => x.Summary, summary));

        cards.Find("[data-testid=card-orders] [data-testid=value]").TextContent.ShouldBe("5");
        cards.Find("[data-testid=card-revenue] [data-testid=value]").TextContent.ShouldBe("₹1,23,450");
        cards.Find("[data-testid=card-revenue]").TextContent.ShouldContain("2 accepted");
        cards.Find("[data-testid=card-acceptance] [data-testid=value]").TextContent.ShouldBe("1 min 35 s");
        cards.Find("[data-testid=card-rejected] [data-testid=value]").TextContent.ShouldBe("3");
        var rows = cards.FindAll("[data-testid=top-product]").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("Amul Taaza Milk");
        rows[0].ShouldContain("× 4");
        rows[1].ShouldContain("₹490");
        cards.FindAll("[data-testid=rejection]").Select(r => string.Join(' ', r.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .ShouldBe(["Out of stock 2", "Shop closing 1"]);
        cards.Find("[data-testid=orders-per-hour] svg").ShouldNotBeNull();
    }

    [Fact]
    public void A_quiet_day_says_so_instead_of_an_empty_chart()
    {
        var cards = Render<TodayCards>(p => p.Add(x => x.Summary, Summary(orders: 0, revenuePaise: 0, sold: 0, acceptanceSeconds: null, rejected: 0, new int[24])));

        cards.Find("[data-testid=card-acceptance] [data-testid=value]").TextContent.ShouldBe("—");
        cards.Find("[data-testid=orders-per-hour]").TextContent.ShouldContain("No orders yet today.");
        cards.FindAll("[data-testid=orders-per-hour] svg").ShouldBeEmpty();
        cards.Find("[data-testid=top-products]").TextContent.ShouldContain("Nothing sold yet today.");
        cards.Find("[data-testid=rejections]").TextContent.ShouldContain("None today.");
    }

    [Theory]
    [InlineData(null, "—")]
    [InlineData(0.4, "0 s")]
    [InlineData(45.0, "45 s")]
    [InlineData(125.0, "2 min 5 s")]
    [InlineData(3_900.0, "1 h 5 min")]
    public void Acceptance_time_reads_in_the_largest_sensible_units(double? seconds, string shown)
    {
        TodayCards.Duration(seconds).ShouldBe(shown);
    }

    private static TodaySummary Summary(int orders, long revenuePaise, int sold, double? acceptanceSeconds, int rejected, int[] perHour) =>
        new(Guid.NewGuid(), new DateOnly(2026, 11, 25), "Asia/Kolkata", orders, revenuePaise, sold, acceptanceSeconds, rejected, [], [], perHour);
}
