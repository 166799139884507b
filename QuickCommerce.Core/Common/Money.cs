using System.Globalization;
using System.Text;

namespace QuickCommerce.Core.Common;

/// <summary>An amount of Indian rupees held as whole paise, so sums never drift.</summary>
public readonly record struct Money(long Paise) : IComparable<Money>
{
    public static Money Zero { get; } = new(0);

    public static Money FromRupees(decimal rupees) => new(checked((long)decimal.Round(rupees * 100m, MidpointRounding.AwayFromZero)));

    public static Money operator +(Money left, Money right) => new(checked(left.Paise + right.Paise));

    public static Money operator -(Money left, Money right) => new(checked(left.Paise - right.Paise));

    public static Money operator *(Money price, int quantity) => new(checked(price.Paise * quantity));

    public static bool operator <(Money left, Money right) => left.Paise < right.Paise;

    public static bool operator >(Money left, Money right) => left.Paise > right.Paise;

    public static bool operator <=(Money left, Money right) => left.Paise <= right.Paise;

    public static bool operator >=(Money left, Money right) => left.Paise >= right.Paise;

    public int CompareTo(Money other) => Paise.CompareTo(other.Paise);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Multiply(int quantity) => this * quantity;

    /// <summary>
    /// "₹1,23,456.50": Indian digit grouping (last three digits, then pairs). Whole rupees drop the
    /// paise ("₹45"), which is how kirana price tags read. Written by hand rather than through the
    /// en-IN culture so that it never depends on the ICU data of the machine.
    /// </summary>
    public override string ToString()
    {
        var negative = Paise < 0;
        var absolute = Math.Abs((decimal)Paise);
        var rupees = (long)(absolute / 100m);
        var paise = (long)(absolute % 100m);

        var digits = rupees.ToString(CultureInfo.InvariantCulture);
        var grouped = new StringBuilder();
        var head = digits.Length > 3 ? digits[..^3] : string.Empty;
        var tail = digits.Length > 3 ? digits[^3..] : digits;
        for (var i = 0; i < head.Length; i++)
        {
            if (i > 0 && (head.Length - i) % 2 == 0)
            {
                grouped.Append(',');
            }

            grouped.Append(head[i]);
        }

        if (head.Length > 0)
        {
            grouped.Append(',');
        }

        grouped.Append(tail);
        var text = paise == 0
            ? $"₹{grouped}"
            : $"₹{grouped}.{paise.ToString("00", CultureInfo.InvariantCulture)}";
        return negative ? "-" + text : text;
    }
}
