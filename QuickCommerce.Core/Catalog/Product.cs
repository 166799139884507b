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

    /// <summary>A new product from a merchant's form or import row, with no stock yet (stock arrives as a ledger entry).</summary>
    /// <exception cref="ArgumentException">The details break a rule of <see cref="ProductDetails.Problems"/>; callers check first.</exception>
    public Product(Guid id, Guid storeId, ProductDetails details)
        : this(id, storeId, Valid(details).CategoryId, details.Name.Trim(), details.HindiName.Trim(), details.Brand.Trim(), details.Unit.Trim(), details.Price, details.Mrp, 0, details.Normalised().Barcode)
    {
        LowStockThreshold = details.LowStockThreshold;
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

    /// <summary>
    /// Shows the photo stored under <paramref name="imageKey"/>, or none when it is null. A photo is not
    /// a detail the merchant edits against a version: it does not bump <see cref="Version"/>.
    /// </summary>
    public void SetImage(string? imageKey) => ImageKey = string.IsNullOrWhiteSpace(imageKey) ? null : imageKey;

    /// <summary>True when a change from <paramref name="before"/> to <paramref name="after"/> units takes a product to or below its threshold from above it.</summary>
    public static bool CrossesIntoLowStock(int before, int after, int threshold) => before > threshold && after <= threshold;

    /// <summary>The details as they are now, for a form to start from.</summary>
    public ProductDetails ToDetails() => new(CategoryId, Name, HindiName, Brand, Unit, Price, Mrp, Barcode, LowStockThreshold);

    /// <summary>
    /// Replaces the details the merchant edits. <paramref name="expectedVersion"/> is the version the
    /// edit was based on: an older one is a conflict (someone else changed the product since), never a
    /// silent overwrite. A change bumps <see cref="Version"/>; an edit that changes nothing does not.
    /// </summary>
    public Result Edit(ProductDetails details, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (expectedVersion != Version)
        {
            return Stale();
        }

        var problems = details.Problems();
        if (problems.Count > 0)
        {
            return problems[0];
        }

        var clean = details.Normalised();
        if (clean == ToDetails())
        {
            return Result.Success();
        }

        CategoryId = clean.CategoryId;
        Name = clean.Name;
        HindiName = clean.HindiName;
        Brand = clean.Brand;
        Unit = clean.Unit;
        PricePaise = clean.Price.Paise;
        MrpPaise = clean.Mrp.Paise;
        Barcode = clean.Barcode;
        LowStockThreshold = clean.LowStockThreshold;
        Version++;
        return Result.Success();
    }

    /// <summary>Lists or unlists the product, based on <paramref name="expectedVersion"/> as <see cref="Edit"/> is.</summary>
    public Result SetActive(bool active, int expectedVersion)
    {
        if (expectedVersion != Version)
        {
            return Stale();
        }

        if (IsActive != active)
        {
            IsActive = active;
            Version++;
        }

        return Result.Success();
    }

    /// <summary>
    /// Moves the stock by <paramref name="delta"/> and returns the ledger entry that records it. For a
    /// product whose row the caller holds locked (an import); concurrent sales and adjustments move stock
    /// with a conditional UPDATE instead, so they never read-modify-write.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The delta is 0 or would take the stock below 0.</exception>
    public StockMovement ChangeStock(int delta, StockChangeReason reason, Guid? actorId, Guid? orderId, string? note, DateTimeOffset at)
    {
        if (delta == 0 || Stock + (long)delta < 0 || Stock + (long)delta > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"Stock {Stock} cannot move by {delta}.");
        }

        Stock += delta;
        return new StockMovement(Id, StoreId, delta, reason, Stock, actorId, orderId, note, at);
    }

    private static ProductDetails Valid(ProductDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var problems = details.Problems();
        return problems.Count == 0 ? details : throw new ArgumentException(problems[0].Message, nameof(details));
    }

    private Result Stale() =>
        DomainError.Conflict("product.changed", $"{Name} was changed by someone else since you opened it (now version {Version}).");
}
