using Bunit;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Stores;

namespace QuickCommerce.Web.Tests.Components;

public sealed class StoreCardTests : ComponentTest
{
    private static readonly Guid StoreId = Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001");

    [Fact]
    public void An_open_store_shows_distance_eta_minimum_order_and_fee()
    {
        var card = Render<StoreCard>(p => p.Add(x => x.Store, new NearbyStore(StoreId, "Balaji Kirana", "Indiranagar", 850, true, null, 15, 9900, 0)));

        card.Find("a").GetAttribute("href").ShouldBe($"/stores/{StoreId}");
        card.Find(".store-name").TextContent.ShouldBe("Balaji Kirana");
        card.Find(".store-meta").TextContent.ShouldContain("Indiranagar · 850 m");
        card.Find(".eta").TextContent.ShouldBe("15 min");
        card.Find(".badge-open").TextContent.ShouldBe("Open");
        card.Find(".store-terms").TextContent.ShouldContain("Min order ₹99");
        card.Find(".store-terms").TextContent.ShouldContain("Free delivery");
    }

    [Fact]
    public void A_closed_store_says_when_it_opens_in_indian_time_and_hides_the_eta()
    {
        var opensTomorrow = FixedClock.Ist(2026, 11, 26, 7);
        var card = Render<StoreCard>(p => p.Add(x => x.Store, new NearbyStore(StoreId, "Early Bird Stores", "Koramangala", 1240, false, opensTomorrow, 15, 0, 1500)));

        card.Find(".badge-closed").TextContent.ShouldBe("Opens tomorrow 7:00 am");
        card.FindAll(".eta").ShouldBeEmpty();
        card.Find(".store-meta").TextContent.ShouldContain("1.2 km");
        card.Find(".store-terms").TextContent.ShouldContain("Delivery ₹15");
        card.Find("li").ClassList.ShouldContain("closed");
    }

    [Fact]
    public void A_store_switched_off_by_its_owner_just_says_closed()
    {
        var card = Render<StoreCard>(p => p.Add(x => x.Store, new NearbyStore(StoreId, "Resting Stores", "Jayanagar", 300, false, null, 10, 0, 0)));

        card.Find(".badge-closed").TextContent.ShouldBe("Closed now");
    }
}
