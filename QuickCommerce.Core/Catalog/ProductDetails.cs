using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Catalog;

/// <summary>
/// Everything a merchant edits about a product except its stock (which moves as deltas) and the
/// active switch. <see cref="Problems"/> lists every rule broken, so a form or an import row can
/// show all of them at once.
/// </summary>
public sealed record ProductDetails(
    int CategoryId,
    string Name,
    string HindiName,
    string Brand,
    string Unit,
    Money Price,
    Money Mrp,
    string? Barcode,
    int LowStockThreshold)
{
    public const int NameMaxLength = 160;
    public const int BrandMaxLength = 80;
    public const int UnitMaxLength = 40;
    public const int BarcodeMaxLength = 32;

    /// <summary>No threshold above this makes sense for a kirana shelf; it catches a price typed into the wrong box.</summary>
    public const int LowStockThresholdMax = 100_000;

    /// <summary>₹10,00,000: no kirana item costs more; it catches a barcode typed into the price box.</summary>
    public static readonly Money PriceMax = new(1_00_00_000);

    /// <summary>The same details with text trimmed and a blank barcode made null.</summary>
    public ProductDetails Normalised() => this with
    {
        Name = (Name ?? string.Empty).Trim(),
        HindiName = (HindiName ?? string.Empty).Trim(),
        Brand = (Brand ?? string.Empty).Trim(),
        Unit = (Unit ?? string.Empty).Trim(),
        Barcode = string.IsNullOrWhiteSpace(Barcode) ? null : Barcode.Trim(),
    };

    /// <summary>Every rule these details break, one validation error per field (code = the field's name); empty when valid.</summary>
    public IReadOnlyList<DomainError> Problems()
    {
        var problems = new List<DomainError>();
        void Add(string field, string message) => problems.Add(DomainError.Validation(field, message));

        if (CategoryId <= 0)
        {
            Add("categoryId", "Choose a category.");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            Add("name", "Give the product a name.");
        }
        else if (Name.Trim().Length > NameMaxLength)
        {
            Add("name", $"Keep the name under {NameMaxLength} characters.");
        }

        if ((HindiName ?? string.Empty).Trim().Length > NameMaxLength)
        {
            Add("hindiName", $"Keep the Hindi name under {NameMaxLength} characters.");
        }

        if ((Brand ?? string.Empty).Trim().Length > BrandMaxLength)
        {
            Add("brand", $"Keep the brand under {BrandMaxLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(Unit))
        {
            Add("unit", "Give the pack size, e.g. \"500 g\" or \"1 L\".");
        }
        else if (Unit.Trim().Length > UnitMaxLength)
        {
            Add("unit", $"Keep the pack size under {UnitMaxLength} characters.");
        }

        if (Mrp.Paise <= 0 || Mrp > PriceMax)
        {
            Add("mrp", $"The MRP must be more than ₹0 and at most {PriceMax}.");
        }

        if (Price.Paise <= 0)
        {
            Add("price", "The price must be more than ₹0.");
        }
        else if (Price > Mrp && Mrp.Paise > 0)
        {
            Add("price", $"The price ({Price}) may not be above the MRP ({Mrp}).");
        }
        else if (Price > PriceMax)
        {
            Add("price", $"The price must be at most {PriceMax}.");
        }

        if (Barcode is { } barcode && !string.IsNullOrWhiteSpace(barcode))
        {
            var trimmed = barcode.Trim();
            if (trimmed.Length > BarcodeMaxLength || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                Add("barcode", $"A barcode is up to {BarcodeMaxLength} letters, digits or dashes.");
            }
        }

        if (LowStockThreshold < 0 || LowStockThreshold > LowStockThresholdMax)
        {
            Add("lowStockThreshold", $"The low-stock level must be between 0 and {LowStockThresholdMax}.");
        }

        return problems;
    }
}
