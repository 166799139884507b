using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using static QuickCommerce.Core.Tests.Builders;

namespace QuickCommerce.Core.Tests.Catalog;

public class ProductEditingTests
{
    private static readonly DateTimeOffset At = PlacedAt;

    private static ProductDetails Details(long pricePaise = 2500, long mrpPaise = 2800, string name = "Tata Salt", string? barcode = "8904043901015", int threshold = 5) =>
        new(2, name, "टाटा नमक (tata namak)", "Tata", "1 kg", new Money(pricePaise), new Money(mrpPaise), barcode, threshold);

    [Fact]
    public void Valid_details_have_no_problems()
    {
        Details().Problems().ShouldBeEmpty();
    }

    [Fact]
    public void Every_broken_rule_is_listed_by_field()
    {
        var details = new ProductDetails(0, " ", new string('न', 161), new string('b', 81), "", new Money(-5), new Money(0), "12 34", -1);

        details.Problems().Select(p => p.Code).ShouldBe(
            ["categoryId", "name", "hindiName", "brand", "unit", "mrp", "price", "barcode", "lowStockThreshold"],
            ignoreOrder: true);
        details.Problems().ShouldAllBe(p => p.Kind == ErrorKind.Validation);
    }

    [Fact]
    public void A_price_above_the_mrp_is_a_problem_of_the_price()
    {
        var problem = Details(pricePaise: 2801, mrpPaise: 2800).Problems().ShouldHaveSingleItem();

        problem.Code.ShouldBe("price");
        problem.Message.ShouldBe("The price (₹28.01) may not be above the MRP (₹28).");
    }

    [Fact]
    public void Editing_with_the_current_version_applies_the_details_and_bumps_the_version()
    {
        var product = AProduct().Build();

        var edited = product.Edit(Details(pricePaise: 2400, mrpPaise: 3000, name: "  Tata Salt Lite ", barcode: " ", threshold: 8), expectedVersion: 1);

        edited.IsSuccess.ShouldBeTrue();
        product.Version.ShouldBe(2);
        product.Name.ShouldBe("Tata Salt Lite");
        product.PricePaise.ShouldBe(2400);
        product.MrpPaise.ShouldBe(3000);
        product.CategoryId.ShouldBe(2);
        product.Barcode.ShouldBeNull();
        product.LowStockThreshold.ShouldBe(8);
    }

    [Fact]
    public void Editing_with_an_older_version_is_a_conflict_and_changes_nothing()
    {
        var product = AProduct().Build();
        product.Edit(Details(pricePaise: 2400), expectedVersion: 1).IsSuccess.ShouldBeTrue();

        var stale = product.Edit(Details(pricePaise: 2000), expectedVersion: 1);

        stale.Error!.Kind.ShouldBe(ErrorKind.Conflict);
        stale.Error.Code.ShouldBe("product.changed");
        product.PricePaise.ShouldBe(2400);
        product.Version.ShouldBe(2);
    }

    [Fact]
    public void Invalid_details_are_refused_and_change_nothing()
    {
        var product = AProduct().Priced(2800, 2800).Build();

        var refused = product.Edit(Details(pricePaise: 3000, mrpPaise: 2800), expectedVersion: 1);

        refused.Error!.Kind.ShouldBe(ErrorKind.Validation);
        refused.Error.Code.ShouldBe("price");
        product.PricePaise.ShouldBe(2800);
        product.Version.ShouldBe(1);
    }

    [Fact]
    public void An_edit_that_changes_nothing_keeps_the_version()
    {
        var product = AProduct().Build();

        product.Edit(product.ToDetails(), expectedVersion: 1).IsSuccess.ShouldBeTrue();

        product.Version.ShouldBe(1);
    }

    [Fact]
    public void Switching_active_checks_the_version_and_bumps_it_only_on_a_change()
    {
        var product = AProduct().Build();

        product.SetActive(true, expectedVersion: 1).IsSuccess.ShouldBeTrue();
        product.Version.ShouldBe(1);
        product.SetActive(false, expectedVersion: 1).IsSuccess.ShouldBeTrue();
        product.IsActive.ShouldBeFalse();
        product.Version.ShouldBe(2);
        product.SetActive(true, expectedVersion: 1).Error!.Kind.ShouldBe(ErrorKind.Conflict);
        product.IsActive.ShouldBeFalse();
    }

    [Fact]
    public void A_new_product_from_details_starts_empty_with_its_threshold()
    {
        var product = new Product(Guid.NewGuid(), Guid.NewGuid(), Details(threshold: 12));

        product.Stock.ShouldBe(0);
        product.LowStockThreshold.ShouldBe(12);
        product.Version.ShouldBe(1);
        product.IsActive.ShouldBeTrue();
        Should.Throw<ArgumentException>(() => new Product(Guid.NewGuid(), Guid.NewGuid(), Details(pricePaise: 3000)));
    }

    [Fact]
    public void Changing_stock_returns_the_ledger_entry_with_the_stock_it_left()
    {
        var product = AProduct().WithStock(3).Build();

        var movement = product.ChangeStock(7, StockChangeReason.Received, Guid.NewGuid(), null, "Supplier bill 42", At);

        product.Stock.ShouldBe(10);
        movement.Delta.ShouldBe(7);
        movement.StockAfter.ShouldBe(10);
        movement.Reason.ShouldBe(StockChangeReason.Received);
        movement.ProductId.ShouldBe(product.Id);
        movement.StoreId.ShouldBe(product.StoreId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Stock_never_goes_below_zero_and_a_change_changes_something(int delta)
    {
        var product = AProduct().WithStock(3).Build();

        Should.Throw<ArgumentOutOfRangeException>(() => product.ChangeStock(delta, StockChangeReason.Damaged, null, null, null, At));
        product.Stock.ShouldBe(3);
    }

    [Theory]
    [InlineData(6, 5, 5, true)]
    [InlineData(10, 0, 5, true)]
    [InlineData(5, 4, 5, false)]
    [InlineData(6, 6, 5, false)]
    [InlineData(3, 8, 5, false)]
    public void Low_stock_is_crossed_only_from_above_the_threshold_to_at_or_below_it(int before, int after, int threshold, bool crosses)
    {
        Product.CrossesIntoLowStock(before, after, threshold).ShouldBe(crosses);
    }
}
