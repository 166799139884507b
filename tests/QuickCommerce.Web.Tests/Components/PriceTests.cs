using Bunit;
using QuickCommerce.Web.Features.Common;

namespace QuickCommerce.Web.Tests.Components;

public sealed class PriceTests : ComponentTest
{
    [Fact]
    public void A_price_below_mrp_shows_the_mrp_struck_through_and_the_saving()
    {
        var price = Render<Price>(p => p.Add(x => x.PricePaise, 123456).Add(x => x.MrpPaise, 150000));

        price.Find(".price-now").TextContent.ShouldBe("₹1,234.56");
        price.Find("s.price-mrp").TextContent.ShouldBe("₹1,500");
        price.Find(".price-off").TextContent.ShouldBe("17% off");
    }

    [Fact]
    public void A_price_at_mrp_shows_no_strike_through()
    {
        var price = Render<Price>(p => p.Add(x => x.PricePaise, 2400).Add(x => x.MrpPaise, 2400));

        price.Find(".price-now").TextContent.ShouldBe("₹24");
        price.FindAll("s").ShouldBeEmpty();
        price.FindAll(".price-off").ShouldBeEmpty();
    }
}
