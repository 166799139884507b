using QuickCommerce.Core.Common;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Catalog;

public class ProductTests
{
    [Fact]
    public void A_product_keeps_its_price_mrp_and_stock_and_starts_active()
    {
        var product = AProduct().Priced(pricePaise: 2500, mrpPaise: 2800).WithStock(12).Build();

        product.Price.ShouldBe(new Money(2500));
        product.Mrp.ShouldBe(new Money(2800));
        product.PricePaise.ShouldBe(2500);
        product.MrpPaise.ShouldBe(2800);
        product.Stock.ShouldBe(12);
        product.IsActive.ShouldBeTrue();
        product.InStock.ShouldBeTrue();
    }

    [Fact]
    public void A_product_may_sell_at_exactly_its_mrp()
    {
        var product = AProduct().Priced(pricePaise: 2800, mrpPaise: 2800).Build();

        product.Price.ShouldBe(product.Mrp);
    }

    [Fact]
    public void A_price_above_the_mrp_throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => AProduct().Priced(pricePaise: 2801, mrpPaise: 2800).Build())
            .ParamName.ShouldBe("price");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void A_price_that_is_not_positive_throws(long pricePaise)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => AProduct().Priced(pricePaise, mrpPaise: 2800).Build())
            .ParamName.ShouldBe("price");
    }

    [Fact]
    public void Negative_stock_throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => AProduct().WithStock(-1).Build())
            .ParamName.ShouldBe("stock");
    }

    [Fact]
    public void A_product_with_no_stock_is_not_in_stock()
    {
        AProduct().WithStock(0).Build().InStock.ShouldBeFalse();
    }

    [Fact]
    public void A_deactivated_product_is_not_in_stock_whatever_its_shelf_count()
    {
        var product = AProduct().WithStock(5).Build();

        product.Deactivate();

        product.IsActive.ShouldBeFalse();
        product.InStock.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_name_or_unit_throws(string blank)
    {
        Should.Throw<ArgumentException>(() => AProduct().Named(blank).Build());
        Should.Throw<ArgumentException>(() => AProduct().WithUnit(blank).Build());
    }

    [Theory]
    [InlineData(2800, 2800, 0)]
    [InlineData(4500, 5000, 10)]
    [InlineData(2500, 5000, 50)]
    [InlineData(3333, 10000, 66)]
    [InlineData(9999, 10000, 0)]
    [InlineData(1, 10000, 99)]
    public void Discount_percent_is_the_whole_percent_off_mrp_rounded_down(long pricePaise, long mrpPaise, int expected)
    {
        AProduct().Priced(pricePaise, mrpPaise).Build().DiscountPercent.ShouldBe(expected);
    }
}
