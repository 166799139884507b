using System.Globalization;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>What an import would do (preview) or did: rows read, products added, changed and left as they were, and every row error.</summary>
public sealed record ImportReport(int Rows, int Created, int Updated, int Unchanged, int StockCorrections, IReadOnlyList<ImportError> Errors)
{
    /// <summary>Only a file without errors and with at least one row is imported.</summary>
    public bool CanImport => Errors.Count == 0 && Rows > 0;
}

/// <summary>
/// The shop's products as a spreadsheet: export, a preview that lists every row error by line and
/// writes nothing, and an all-or-nothing import. A row is the same product as one on the shelf when
/// its barcode matches (or, for a row without one, its name and pack size); a row with a barcode
/// that no product has yet also matches a product of the same name and pack size that has no barcode,
/// which the import then gives it. Stock differences become Correction entries in the ledger; a
/// blank stock cell leaves the count as it is.
/// </summary>
public sealed class InventorySheet(QuickCommerceDbContext db, IJobQueue jobs, CatalogueCache catalogue, TimeProvider clock)
{
    public const string ImportNote = "CSV import";

    /// <summary>The shop's products as a CSV file (UTF-8 with BOM), by name; null when the merchant has no shop.</summary>
    public async Task<(string StoreName, byte[] Content)?> ExportAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var store = await StoreOfAsync(merchantId, cancellationToken);
        if (store is null)
        {
            return null;
        }

        var rows = await (
                from p in db.Products.AsNoTracking()
                join c in db.Categories on p.CategoryId equals c.Id
                where p.StoreId == store.Id
                orderby p.Name, p.Unit, p.Id
                select new { p.Name, p.HindiName, p.Brand, p.Unit, p.PricePaise, p.MrpPaise, p.Stock, Category = c.Name, p.Barcode })
            .ToListAsync(cancellationToken);
        var content = InventoryCsv.Write(rows.Select(r => (IReadOnlyList<string>)
            [r.Name, r.HindiName, r.Brand, r.Unit, Rupees(r.PricePaise), Rupees(r.MrpPaise), r.Stock.ToString(CultureInfo.InvariantCulture), r.Category, r.Barcode ?? string.Empty]));
        return (store.Name, content);
    }

    /// <summary>Reads and checks the file against the shop as it is now. Writes nothing.</summary>
    public async Task<InventoryResult<ImportReport>> PreviewAsync(Guid merchantId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var store = await StoreOfAsync(merchantId, cancellationToken);
        if (store is null)
        {
            return InventoryRefusal.NoStore;
        }

        var (rows, errors, records) = await ReadRowsAsync(content, cancellationToken);
        if (rows is null)
        {
            return new ImportReport(records, 0, 0, 0, 0, errors);
        }

        var shelf = await db.Products.AsNoTracking().Where(p => p.StoreId == store.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        var plan = Match(rows, shelf, errors);
        return Report(records, plan, errors);
    }

    /// <summary>
    /// Imports the file in one transaction, or nothing at all: any row error and the report lists the
    /// errors with nothing written. The shop's products stay locked (FOR NO KEY UPDATE, in id order, as a checkout locks
    /// them) from the moment they are matched until commit, so a sale meanwhile waits rather than
    /// making a stock correction wrong.
    /// </summary>
    public async Task<InventoryResult<ImportReport>> ImportAsync(Guid merchantId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var store = await StoreOfAsync(merchantId, cancellationToken);
        if (store is null)
        {
            return InventoryRefusal.NoStore;
        }

        var (rows, errors, records) = await ReadRowsAsync(content, cancellationToken);
        if (rows is null)
        {
            return new ImportReport(records, 0, 0, 0, 0, errors);
        }

        if (errors.Count > 0)
        {
            // List every error, as the preview does (repeated products too), and write nothing.
            var unlocked = await db.Products.AsNoTracking().Where(p => p.StoreId == store.Id).OrderBy(p => p.Id).ToListAsync(cancellationToken);
            return Report(records, Match(rows, unlocked, errors), errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Read untracked: the rows are written below in bulk, not through the change tracker.
        var shelf = await db.Products
            .FromSql($"SELECT * FROM products WHERE store_id = {store.Id} ORDER BY id FOR NO KEY UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var plan = Match(rows, shelf, errors);
        if (errors.Count > 0 || rows.Count == 0)
        {
            return Report(records, plan, errors);
        }

        var report = Report(records, plan, errors);
        var now = clock.GetUtcNow();
        var added = new List<Product>();
        var changed = new List<Product>();
        var movements = new List<StockMovement>();
        foreach (var (row, product) in plan)
        {
            if (product is null)
            {
                var created = new Product(Guid.CreateVersion7(now), store.Id, row.Details);
                added.Add(created);
                if (row.Stock is { } opening && opening > 0)
                {
                    movements.Add(created.ChangeStock(opening, StockChangeReason.Correction, merchantId, null, ImportNote, now));
                }

                continue;
            }

            var version = product.Version;
            var edited = product.Edit(row.Details with { LowStockThreshold = product.LowStockThreshold }, product.Version);
            if (!edited.IsSuccess)
            {
                throw new InvalidOperationException($"Line {row.Line}: a checked row was refused: {edited.Error!.Message}");
            }

            var restocked = false;
            if (row.Stock is { } counted && counted != product.Stock)
            {
                var before = product.Stock;
                movements.Add(product.ChangeStock(counted - before, StockChangeReason.Correction, merchantId, null, ImportNote, now));
                restocked = true;
                if (Product.CrossesIntoLowStock(before, counted, product.LowStockThreshold))
                {
                    LowStockHandler.Enqueue(jobs, new StockChange(product.Id, store.Id, counted - before, counted, product.LowStockThreshold), now);
                }
            }

            if (restocked || product.Version != version)
            {
                changed.Add(product);
            }
        }

        await ImportRows.WriteAsync(db, added, changed, movements, cancellationToken);
        await db.SaveChangesAsync(cancellationToken); // The low-stock jobs, if any.
        await transaction.CommitAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(store.Id, CancellationToken.None);
        return report;
    }

    private static ImportReport Report(int rows, List<(ImportRow Row, Product? Product)> plan, List<ImportError> errors)
    {
        if (errors.Count > 0)
        {
            return new ImportReport(rows, 0, 0, 0, 0, [.. errors.OrderBy(e => e.Line)]);
        }

        var created = plan.Count(p => p.Product is null);
        var changed = plan.Where(p => p.Product is { } product && (DetailsDiffer(p.Row, product) || StockDiffers(p.Row, product))).ToList();
        var corrections = plan.Count(p => p.Product is null ? p.Row.Stock > 0 : StockDiffers(p.Row, p.Product));
        return new ImportReport(rows, created, changed.Count, plan.Count - created - changed.Count, corrections, []);
    }

    private static bool DetailsDiffer(ImportRow row, Product product) =>
        row.Details.Normalised() with { LowStockThreshold = product.LowStockThreshold } != product.ToDetails();

    private static bool StockDiffers(ImportRow row, Product product) => row.Stock is { } counted && counted != product.Stock;

    /// <summary>Pairs each row with the product it updates (null: a new product), adding an error for each row that is ambiguous or repeated.</summary>
    private static List<(ImportRow Row, Product? Product)> Match(List<ImportRow> rows, List<Product> shelf, List<ImportError> errors)
    {
        var byBarcode = shelf.Where(p => p.Barcode is not null).ToLookup(p => p.Barcode!, StringComparer.OrdinalIgnoreCase);
        var byNameAndUnit = shelf.ToLookup(p => NameAndUnit(p.Name, p.Unit), StringComparer.Ordinal);
        var claimedBy = new Dictionary<Guid, int>();
        var newKeys = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var plan = new List<(ImportRow, Product?)>(rows.Count);
        foreach (var row in rows)
        {
            var key = NameAndUnit(row.Details.Name, row.Details.Unit);
            Product[] candidates;
            string which;
            if (row.Details.Barcode is { } barcode)
            {
                candidates = [.. byBarcode[barcode]];
                which = $"barcode {barcode}";
                if (candidates.Length == 0)
                {
                    candidates = [.. byNameAndUnit[key].Where(p => p.Barcode is null)];
                    which = $"{row.Details.Name} ({row.Details.Unit})";
                }
            }
            else
            {
                candidates = [.. byNameAndUnit[key]];
                which = $"{row.Details.Name} ({row.Details.Unit})";
            }

            if (candidates.Length > 1)
            {
                errors.Add(new ImportError(row.Line, row.Details.Barcode is null ? InventoryCsv.Name : InventoryCsv.Barcode,
                    $"Your shop has {candidates.Length} products with {which}; fix them in the inventory first, or give this row a barcode that tells them apart."));
                continue;
            }

            if (candidates.Length == 1)
            {
                if (claimedBy.TryGetValue(candidates[0].Id, out var first))
                {
                    errors.Add(new ImportError(row.Line, null, $"This is the same product as line {first} ({which}). Keep one of the two rows."));
                    continue;
                }

                claimedBy[candidates[0].Id] = row.Line;
                plan.Add((row, candidates[0]));
                continue;
            }

            var newKey = row.Details.Barcode is { } code ? $"barcode:{code}" : $"name:{key}";
            if (!newKeys.TryAdd(newKey, row.Line))
            {
                errors.Add(new ImportError(row.Line, null, $"This is the same product as line {newKeys[newKey]} ({which}). Keep one of the two rows."));
                continue;
            }

            plan.Add((row, null));
        }

        return plan;
    }

    /// <summary>The file's rows as product details, with every error by line and column; null rows when the file itself is unreadable.</summary>
    private async Task<(List<ImportRow>? Rows, List<ImportError> Errors, int Records)> ReadRowsAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var (records, fileError) = InventoryCsv.Read(content.Span);
        if (fileError is not null)
        {
            return (null, [fileError], 0);
        }

        if (records.Count == 0)
        {
            return (null, [new ImportError(1, null, $"The file is empty. The first row must be: {string.Join(",", InventoryCsv.Columns)}.")], 0);
        }

        var (positions, headerError) = InventoryCsv.ReadHeader(records[0]);
        if (headerError is not null)
        {
            return (null, [headerError], records.Count - 1);
        }

        var categories = await CategoriesAsync(cancellationToken);
        var errors = new List<ImportError>();
        var rows = new List<ImportRow>(records.Count - 1);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count > records[0].Fields.Count && record.Fields.Skip(records[0].Fields.Count).Any(f => f.Trim().Length > 0))
            {
                errors.Add(new ImportError(record.Line, null,
                    $"This row has {record.Fields.Count} values but the header has {records[0].Fields.Count} columns. Put values with commas in quotes."));
                continue;
            }

            if (ReadRow(record, positions, categories, errors) is { } row)
            {
                rows.Add(row);
            }
        }

        return (rows, errors, records.Count - 1);
    }

    private static ImportRow? ReadRow(CsvRecord record, IReadOnlyDictionary<string, int> positions, IReadOnlyDictionary<string, int> categories, List<ImportError> errors)
    {
        var before = errors.Count;
        string Cell(string column) => InventoryCsv.Cell(record, positions, column);
        void Error(string column, string message) => errors.Add(new ImportError(record.Line, column, message));

        var price = ReadRupees(Cell(InventoryCsv.Price), "price", Error);
        var mrp = ReadRupees(Cell(InventoryCsv.Mrp), "MRP", Error, column: InventoryCsv.Mrp);
        int? stock = null;
        var stockText = Cell(InventoryCsv.Stock);
        if (stockText.Length > 0)
        {
            if (!int.TryParse(stockText, NumberStyles.None, CultureInfo.InvariantCulture, out var counted) || counted > MerchantInventory.MaxAdjustment)
            {
                Error(InventoryCsv.Stock, $"Stock must be a whole number from 0 to {MerchantInventory.MaxAdjustment.ToString("N0", CultureInfo.InvariantCulture)} (\"{Shorten(stockText)}\" is not); leave it blank to keep the current count.");
            }
            else
            {
                stock = counted;
            }
        }

        var categoryText = Cell(InventoryCsv.Category);
        var categoryId = 0;
        if (categoryText.Length == 0)
        {
            Error(InventoryCsv.Category, "Give a category, e.g. \"Dairy & Eggs\" or dairy-eggs.");
        }
        else if (!categories.TryGetValue(categoryText, out categoryId) && !categories.TryGetValue(Slugs.Of(categoryText), out categoryId))
        {
            Error(InventoryCsv.Category, $"There is no category \"{Shorten(categoryText)}\". Use a name or slug from the category list, e.g. \"Dairy & Eggs\" or dairy-eggs.");
        }

        var details = new ProductDetails(
            categoryId == 0 ? 1 : categoryId,
            Cell(InventoryCsv.Name),
            Cell(InventoryCsv.HindiName),
            Cell(InventoryCsv.Brand),
            Cell(InventoryCsv.Unit),
            price ?? new Money(1),
            mrp ?? new Money(Math.Max(1, price?.Paise ?? 1)),
            Cell(InventoryCsv.Barcode),
            Product.DefaultLowStockThreshold);
        foreach (var problem in details.Problems())
        {
            var column = ColumnOf(problem.Code);
            if ((column == InventoryCsv.Price && price is null) || (column == InventoryCsv.Mrp && mrp is null))
            {
                continue; // Already said the cell is not a price.
            }

            Error(column, problem.Message);
        }

        return errors.Count == before ? new ImportRow(record.Line, details.Normalised(), stock) : null;
    }

    /// <summary>"45", "45.50", "₹1,200" → paise; null with an error for anything else.</summary>
    private static Money? ReadRupees(string text, string label, Action<string, string> error, string column = InventoryCsv.Price)
    {
        var cleaned = text.Replace("₹", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal).Trim();
        if (cleaned.StartsWith("Rs", StringComparison.OrdinalIgnoreCase))
        {
            cleaned = cleaned[2..].TrimStart('.', ' ');
        }

        if (cleaned.Length == 0)
        {
            error(column, $"Give the {label} in rupees, e.g. 45 or 45.50.");
            return null;
        }

        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rupees)
            || decimal.Round(rupees, 2) != rupees
            || rupees > 10_000_000m)
        {
            error(column, $"The {label} must be in rupees with at most 2 decimals, e.g. 45 or 45.50 (\"{Shorten(text)}\" is not).");
            return null;
        }

        return Money.FromRupees(rupees);
    }

    private static string ColumnOf(string field) => field switch
    {
        "name" => InventoryCsv.Name,
        "hindiName" => InventoryCsv.HindiName,
        "brand" => InventoryCsv.Brand,
        "unit" => InventoryCsv.Unit,
        "price" => InventoryCsv.Price,
        "mrp" => InventoryCsv.Mrp,
        "barcode" => InventoryCsv.Barcode,
        "categoryId" => InventoryCsv.Category,
        _ => field,
    };

    private static string NameAndUnit(string name, string unit) =>
        $"{Normal(name)}\u001f{Normal(unit)}";

    private static string Normal(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private static string Rupees(long paise) => (paise / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 30 ? text : text[..30] + "…";

    /// <summary>Categories by name and by slug, ignoring case.</summary>
    private async Task<IReadOnlyDictionary<string, int>> CategoriesAsync(CancellationToken cancellationToken)
    {
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Name, c.Slug }).ToListAsync(cancellationToken);
        var byText = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var category in categories)
        {
            byText.TryAdd(category.Name, category.Id);
            byText.TryAdd(category.Slug, category.Id);
        }

        return byText;
    }

    private Task<InventoryStore?> StoreOfAsync(Guid merchantId, CancellationToken cancellationToken) =>
        db.Stores.AsNoTracking()
            .Where(s => s.OwnerId == merchantId)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new InventoryStore(s.Id, s.Name))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>One checked row: the line it is on, its details (default low-stock level) and its stock count, if given.</summary>
    private sealed record ImportRow(int Line, ProductDetails Details, int? Stock);
}
