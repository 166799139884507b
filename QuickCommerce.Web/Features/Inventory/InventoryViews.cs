namespace QuickCommerce.Web.Features.Inventory;

/// <summary>One product as the merchant's inventory list shows it. <paramref name="Version"/> goes back with every edit.</summary>
public sealed record InventoryItem(
    Guid Id,
    string Name,
    string HindiName,
    string Brand,
    string Unit,
    int CategoryId,
    string Category,
    long PricePaise,
    long MrpPaise,
    int Stock,
    int LowStockThreshold,
    string? Barcode,
    bool IsActive,
    string? ImageKey,
    int Version)
{
    /// <summary>At or below its threshold: highlighted in the list and warned about in the inbox.</summary>
    public bool IsLowStock => Stock <= LowStockThreshold;
}

/// <summary>One page of the inventory list, with how many products match in all.</summary>
public sealed record InventoryList(IReadOnlyList<InventoryItem> Items, int Total, int Page, int PageSize);

/// <summary>What the inventory list is filtered by. Page counts from 1.</summary>
public sealed record InventoryQuery(string? Search = null, int? CategoryId = null, bool LowStockOnly = false, int Page = 1, int PageSize = InventoryQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    public const int SearchMaxLength = 60;
}

/// <summary>A shelf to file a product under.</summary>
public sealed record CategoryOption(int Id, string Name, string Slug);

/// <summary>One entry of a product's stock ledger, newest first in a list.</summary>
public sealed record LedgerEntry(long Id, int Delta, string Reason, int StockAfter, Guid? ActorId, Guid? OrderId, string? Note, DateTimeOffset At);

/// <summary>
/// A product's details as a form or API client sends them; prices in paise. Numbers are nullable so
/// a missing one is a validation error naming the field, not a silent zero.
/// </summary>
public sealed record ProductInput(
    string? Name,
    string? HindiName,
    string? Brand,
    string? Unit,
    long? PricePaise,
    long? MrpPaise,
    int? CategoryId,
    string? Barcode,
    int? LowStockThreshold);

/// <summary>POST …/products: the details and the opening stock (defaults to 0).</summary>
public sealed record CreateProductRequest(
    string? Name,
    string? HindiName,
    string? Brand,
    string? Unit,
    long? PricePaise,
    long? MrpPaise,
    int? CategoryId,
    string? Barcode,
    int? LowStockThreshold,
    int? Stock)
{
    public ProductInput Details => new(Name, HindiName, Brand, Unit, PricePaise, MrpPaise, CategoryId, Barcode, LowStockThreshold);
}

/// <summary>PUT …/products/{id}: the details and the version the edit was based on.</summary>
public sealed record EditProductRequest(
    string? Name,
    string? HindiName,
    string? Brand,
    string? Unit,
    long? PricePaise,
    long? MrpPaise,
    int? CategoryId,
    string? Barcode,
    int? LowStockThreshold,
    int? Version)
{
    public ProductInput Details => new(Name, HindiName, Brand, Unit, PricePaise, MrpPaise, CategoryId, Barcode, LowStockThreshold);
}

/// <summary>PUT …/products/{id}/active: list or unlist, based on a version.</summary>
public sealed record SetActiveRequest(bool? Active, int? Version);

/// <summary>POST …/products/{id}/adjust: a signed change with its reason (Received, Damaged or Correction).</summary>
public sealed record AdjustStockRequest(int? Delta, string? Reason, string? Note);

/// <summary>The stock a product was left with by an adjustment, and the ledger entry that records it.</summary>
public sealed record StockAdjusted(Guid ProductId, Guid StoreId, int Stock, long LedgerEntryId);
