using System.Globalization;
using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Tests.Common;

public class MoneyTests
{
    [Theory]
    [InlineData(0, "₹0")]
    [InlineData(5, "₹0.05")]
    [InlineData(99, "₹0.99")]
    [InlineData(100, "₹1")]
    [InlineData(4500, "₹45")]
    [InlineData(4550, "₹45.50")]
    [InlineData(99999, "₹999.99")]
    [InlineData(100000, "₹1,000")]
    [InlineData(123456, "₹1,234.56")]
    [InlineData(9999900, "₹99,999")]
    [InlineData(10000000, "₹1,00,000")]
    [InlineData(12345600, "₹1,23,456")]
    [InlineData(100000000, "₹10,00,000")]
    [InlineData(1234567800, "₹1,23,45,678")]
    [InlineData(1000000000, "₹1,00,00,000")]
    [InlineData(10000000000, "₹10,00,00,000")]
    [InlineData(long.MaxValue, "₹92,23,37,20,36,85,47,758.07")]
    public void Formats_with_indian_digit_grouping_and_drops_paise_on_whole_rupees(long paise, string expected)
    {
        new Money(paise).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(-5, "-₹0.05")]
    [InlineData(-4500, "-₹45")]
    [InlineData(-4550, "-₹45.50")]
    [InlineData(-123456, "-₹1,234.56")]
    [InlineData(-1234567800, "-₹1,23,45,678")]
    [InlineData(long.MinValue, "-₹92,23,37,20,36,85,47,758.08")]
    public void Formats_negative_amounts_with_the_sign_before_the_rupee_symbol(long paise, string expected)
    {
        new Money(paise).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Formatting_does_not_follow_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            new Money(12345650).ToString().ShouldBe("₹1,23,456.50");
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void Adding_and_subtracting_work_in_paise()
    {
        var milk = new Money(3000);
        var bread = new Money(4550);

        (milk + bread).ShouldBe(new Money(7550));
        milk.Add(bread).ShouldBe(new Money(7550));
        (milk - bread).ShouldBe(new Money(-1550));
        bread.Subtract(milk).ShouldBe(new Money(1550));
    }

    [Fact]
    public void Multiplying_by_a_quantity_scales_the_amount()
    {
        (new Money(4550) * 3).ShouldBe(new Money(13650));
        new Money(4550).Multiply(0).ShouldBe(Money.Zero);
    }

    [Fact]
    public void Arithmetic_that_overflows_throws_instead_of_wrapping()
    {
        var max = new Money(long.MaxValue);
        var min = new Money(long.MinValue);

        Should.Throw<OverflowException>(() => max + new Money(1));
        Should.Throw<OverflowException>(() => min - new Money(1));
        Should.Throw<OverflowException>(() => max * 2);
    }

    [Fact]
    public void Comparisons_order_amounts_by_paise()
    {
        var less = new Money(4500);
        var more = new Money(4550);

        (less < more).ShouldBeTrue();
        (more > less).ShouldBeTrue();
        (less <= new Money(4500)).ShouldBeTrue();
        (more >= new Money(4550)).ShouldBeTrue();
        (more < less).ShouldBeFalse();
        less.CompareTo(more).ShouldBeLessThan(0);
        more.CompareTo(less).ShouldBeGreaterThan(0);
        less.CompareTo(new Money(4500)).ShouldBe(0);
    }

    [Fact]
    public void Equal_amounts_are_equal_values()
    {
        new Money(4500).ShouldBe(new Money(4500));
        Money.Zero.ShouldBe(new Money(0));
        new Money(4500).ShouldNotBe(new Money(4501));
    }

    [Theory]
    [InlineData("45", 4500)]
    [InlineData("45.5", 4550)]
    [InlineData("45.505", 4551)]
    [InlineData("45.504", 4550)]
    [InlineData("-0.005", -1)]
    [InlineData("0", 0)]
    public void From_rupees_rounds_half_paise_away_from_zero(string rupees, long expectedPaise)
    {
        Money.FromRupees(decimal.Parse(rupees, CultureInfo.InvariantCulture)).Paise.ShouldBe(expectedPaise);
    }
}
