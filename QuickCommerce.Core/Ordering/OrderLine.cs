using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Ordering;

/// <summary>
/// One line of an order: a snapshot of the product's name, unit and price at the moment it was
/// ordered, so later catalogue edits never change what the customer agreed to pay.
/// </summary>
public sealed class OrderLine
{
    private OrderLine()
    {
        Name = string.Empty;
        Unit = string.Empty;
    }

    public OrderLine(Guid productId, string name, string unit, Money unitPrice, int quantity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        ProductId = productId;
        Name = name;
        Unit = unit;
        UnitPricePaise = unitPrice.Paise;
        Quantity = quantity;
        OriginalQuantity = quantity;
        LineTotalPaise = (unitPrice * quantity).Paise;
    }

    public long Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid ProductId { get; private set; }

    public string Name { get; private set; }

    public string Unit { get; private set; }

    public long UnitPricePaise { get; private set; }

    /// <summary>What the shop will send; 0 when it has none. Below <see cref="OriginalQuantity"/> after a partial acceptance.</summary>
    public int Quantity { get; private set; }

    /// <summary>What the customer ordered (0 for a substitute the shop proposed).</summary>
    public int OriginalQuantity { get; private set; }

    /// <summary>For a substitute the shop proposed: the line it replaces.</summary>
    public long? SubstituteForLineId { get; private set; }

    public long LineTotalPaise { get; private set; }

    /// <summary>
    /// A substitute the shop proposes for <paramref name="replaced"/>, priced from the catalogue now:
    /// nothing of it was ordered, so its original quantity is 0.
    /// </summary>
    internal static OrderLine SubstituteFor(OrderLine replaced, Guid productId, string name, string unit, Money unitPrice, int quantity) =>
        new(productId, name, unit, unitPrice, quantity)
        {
            OriginalQuantity = 0,
            SubstituteForLineId = replaced.Id,
        };

    /// <summary>The shop sends fewer (0: none). Only ever down: what the customer agreed to is the ceiling.</summary>
    internal void Reduce(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantity, Quantity);
        Quantity = quantity;
        LineTotalPaise = (new Money(UnitPricePaise) * quantity).Paise;
    }
}
