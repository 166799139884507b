using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Catalog;

/// <summary>One item on one store's shelf, with that store's price and stock.</summary>
public sealed class Product
{
    /// <summary>The low-stock threshold of a product nobody has set one for.</summary>
    public const int DefaultLowStockThreshold = 5;

    private Product()
    {
        Name = string.Empty;
        HindiName = string.Empty;
        Brand = string.Empty;
        Unit = string.Empty;
    }

    public Product(
        Guid id,
        Guid storeId,
        int categoryId,
        string name,
        string hindiName,
        string brand,
        string unit,
        Money price,
        Money mrp,
        int stock,
        string? barcode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        ArgumentOutOfRangeException.ThrowIfNegative(stock);
        if (price.Paise <= 0 || price > mrp)
        {
            throw new ArgumentOutOfRangeException(nameof(price), "Price must be positive and at most the MRP.");
        }

        Id = id;
        StoreId = storeId;
        CategoryId = categoryId;
        Name = name;
        HindiName = hindiName;
        Brand = brand;
        Unit = unit;
        PricePaise = price.Paise;
        MrpPaise = mrp.Paise;
        Stock = stock;
        Barcode = barcode;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    public Guid StoreId { get; private set; }

    public int CategoryId { get; private set; }

    public string Name { get; private set; }

    /// <summary>Name in Devanagari, with a Latin transliteration so "doodh" and "दूध" both find it.</summary>
    public string HindiName { get; private set; }

    public string Brand { get; private set; }

    /// <summary>Pack size as printed: "500 g", "1 L", "6 pcs".</summary>
    public string Unit { get; private set; }

    public long PricePaise { get; private set; }

    /// <summary>Maximum retail price printed on the pack; the selling price may not exceed it.</summary>
    public long MrpPaise { get; private set; }

    /// <summary>Units on the shelf not yet reserved by an order. Never negative.</summary>
    public int Stock { get; private set; }

    /// <summary>Object-storage key of the product photo, if it has one.</summary>
    public string? ImageKey { get; private set; }

    public string? Barcode { get; private set; }

    public bool IsActive { get; private set; }

    /// <summary>At or below this stock the merchant is warned (inbox) and the inventory list highlights it.</summary>
    public int LowStockThreshold { get; private set; } = DefaultLowStockThreshold;

    /// <summary>
    /// Bumped by every edit of price, MRP, details or the active switch: an edit based on an older
    /// version is a conflict the merchant resolves, never a silent overwrite. Stock moves as deltas and does not bump it.
    /// </summary>
    public int Version { get; private set; } = 1;

    public Money Price => new(PricePaise);

    public Money Mrp => new(MrpPaise);

    public bool InStock => IsActive && Stock > 0;

    /// <summary>Whole percent off MRP, or 0 when sold at MRP.</summary>
    public int DiscountPercent => MrpPaise <= 0 ? 0 : (int)((MrpPaise - PricePaise) * 100 / MrpPaise);

    public void Deactivate() => IsActive = false;
}
