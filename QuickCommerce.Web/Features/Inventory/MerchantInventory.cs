using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>The shop a merchant's inventory belongs to.</summary>
public sealed record InventoryStore(Guid Id, string Name);

/// <summary>
/// A shop owner's products: list, add, edit, list/unlist and stock adjustments with their ledger.
/// Every call is scoped to the merchant's own shop: another shop's product id is simply not found.
/// Details and the active switch carry the version they were based on (stale → conflict with the
/// current values); stock moves as signed deltas through <see cref="StockLedger"/>, never below zero.
/// Every change drops the shop's cached catalogue and search after it commits.
/// </summary>
public sealed class MerchantInventory(QuickCommerceDbContext db, IJobQueue jobs, CatalogueCache catalogue, TimeProvider clock)
{
    /// <summary>Largest single adjustment: catches a barcode scanned into the quantity box.</summary>
    public const int MaxAdjustment = 100_000;

    public const int NoteMaxLength = 200;

    /// <summary>The reasons a merchant may give; Sale and Returned are written by orders only.</summary>
    public static IReadOnlyList<StockChangeReason> MerchantReasons { get; } =
        [StockChangeReason.Received, StockChangeReason.Damaged, StockChangeReason.Correction];

    /// <summary>The merchant's shop (their first, if they run several), or null.</summary>
    public Task<InventoryStore?> StoreOfAsync(Guid merchantId, CancellationToken cancellationToken) =>
        db.Stores.AsNoTracking()
            .Where(s => s.OwnerId == merchantId)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
            .Select(s => new InventoryStore(s.Id, s.Name))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<CategoryOption>> CategoriesAsync(CancellationToken cancellationToken) =>
        await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).Select(c => new CategoryOption(c.Id, c.Name, c.Slug)).ToListAsync(cancellationToken);

    /// <summary>
    /// One page of the shop's products by name, filtered by text (name, Hindi name, brand or barcode;
    /// the trigram indexes serve the ILIKE), category and low stock.
    /// </summary>
    public async Task<InventoryResult<InventoryList>> ListAsync(Guid merchantId, InventoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<DomainError>();
        if (query.Page < 1)
        {
            problems.Add(DomainError.Validation("page", "Pages count from 1."));
        }

        if (query.PageSize is < 1 or > InventoryQuery.MaxPageSize)
        {
            problems.Add(DomainError.Validation("pageSize", $"Page size must be between 1 and {InventoryQuery.MaxPageSize}."));
        }

        if (query.Search is { Length: > InventoryQuery.SearchMaxLength })
        {
            problems.Add(DomainError.Validation("search", $"Search for at most {InventoryQuery.SearchMaxLength} characters."));
        }

        if (problems.Count > 0)
        {
            return InventoryRefusal.Invalid(problems, "The list cannot be filtered like that.");
        }

        if (await StoreOfAsync(merchantId, cancellationToken) is not { } store)
        {
            return InventoryRefusal.NoStore;
        }

        var products = db.Products.AsNoTracking().Where(p => p.StoreId == store.Id);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{EscapeLike(query.Search.Trim())}%";
            products = products.Where(p =>
                EF.Functions.ILike(p.Name, pattern, "\\")
                || EF.Functions.ILike(p.HindiName, pattern, "\\")
                || EF.Functions.ILike(p.Brand, pattern, "\\")
                || (p.Barcode != null && EF.Functions.ILike(p.Barcode, pattern, "\\")));
        }

        if (query.CategoryId is { } categoryId)
        {
            products = products.Where(p => p.CategoryId == categoryId);
        }

        if (query.LowStockOnly)
        {
            products = products.Where(p => p.Stock <= p.LowStockThreshold);
        }

        var total = await products.CountAsync(cancellationToken);
        var items = await Project(products)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new InventoryList(items, total, query.Page, query.PageSize);
    }

    /// <summary>One of the merchant's products, or null (another shop's product too).</summary>
    public Task<InventoryItem?> FindAsync(Guid merchantId, Guid productId, CancellationToken cancellationToken) =>
        Project(Owned(merchantId).AsNoTracking().Where(p => p.Id == productId)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Adds a product to the merchant's shop; its opening stock is the first ledger entry.</summary>
    public async Task<InventoryResult<InventoryItem>> CreateAsync(Guid merchantId, ProductInput input, int openingStock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (details, problems) = await ValidateAsync(input, cancellationToken);
        if (openingStock is < 0 or > MaxAdjustment)
        {
            problems.Add(DomainError.Validation("stock", $"Opening stock must be between 0 and {MaxAdjustment}."));
        }

        if (problems.Count > 0)
        {
            return InventoryRefusal.Invalid(problems);
        }

        if (await StoreOfAsync(merchantId, cancellationToken) is not { } store)
        {
            return InventoryRefusal.NoStore;
        }

        var now = clock.GetUtcNow();
        var product = new Product(Guid.CreateVersion7(now), store.Id, details!);
        db.Products.Add(product);
        if (openingStock > 0)
        {
            db.StockMovements.Add(product.ChangeStock(openingStock, StockChangeReason.Correction, merchantId, null, "Opening stock", now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(store.Id, CancellationToken.None);
        return (await FindAsync(merchantId, product.Id, cancellationToken))!;
    }

    /// <summary>
    /// Replaces a product's details if <paramref name="expectedVersion"/> is still its version. The row
    /// is locked while the version is compared and the edit written, so of two devices editing from the
    /// same version exactly one wins; the other gets a conflict with the values now stored.
    /// </summary>
    public async Task<InventoryResult<InventoryItem>> EditAsync(Guid merchantId, Guid productId, ProductInput input, int? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (details, problems) = await ValidateAsync(input, cancellationToken);
        if (expectedVersion is null)
        {
            problems.Add(DomainError.Validation("version", "Send the version of the product you edited."));
        }

        if (problems.Count > 0)
        {
            return InventoryRefusal.Invalid(problems);
        }

        return await ChangeLockedAsync(merchantId, productId, product => product.Edit(details!, expectedVersion!.Value), cancellationToken);
    }

    /// <summary>Lists or unlists a product (customers see only active ones), based on a version as <see cref="EditAsync"/> is.</summary>
    public Task<InventoryResult<InventoryItem>> SetActiveAsync(Guid merchantId, Guid productId, bool active, int expectedVersion, CancellationToken cancellationToken) =>
        ChangeLockedAsync(merchantId, productId, product => product.SetActive(active, expectedVersion), cancellationToken);

    /// <summary>
    /// Moves a product's stock by a signed delta with a merchant's reason: one conditional UPDATE that
    /// cannot go below zero, its ledger entry (with the stock it left) and, when it crosses the
    /// threshold, the low-stock alert, in one transaction. Concurrent adjustments all count.
    /// Joins the caller's transaction when there is one (an adjustment with an Idempotency-Key).
    /// </summary>
    public async Task<InventoryResult<StockAdjusted>> AdjustAsync(
        Guid merchantId, Guid productId, int delta, StockChangeReason reason, string? note, CancellationToken cancellationToken)
    {
        var problems = new List<DomainError>();
        if (!MerchantReasons.Contains(reason))
        {
            problems.Add(DomainError.Validation("reason", "The reason must be Received, Damaged or Correction."));
        }

        if (delta == 0 || Math.Abs((long)delta) > MaxAdjustment)
        {
            problems.Add(DomainError.Validation("delta", $"Change the stock by 1 to {MaxAdjustment} units, up (+) or down (−)."));
        }
        else if (reason == StockChangeReason.Received && delta < 0)
        {
            problems.Add(DomainError.Validation("delta", "Received goods add stock: use a positive number (or Correction)."));
        }
        else if (reason == StockChangeReason.Damaged && delta > 0)
        {
            problems.Add(DomainError.Validation("delta", "Damaged goods come off the shelf: use a negative number (or Correction)."));
        }

        if (note is { Length: > NoteMaxLength })
        {
            problems.Add(DomainError.Validation("note", $"Keep the note under {NoteMaxLength} characters."));
        }

        if (problems.Count > 0)
        {
            return InventoryRefusal.Invalid(problems, "The stock change is not valid.");
        }

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var storeId = await Owned(merchantId).Where(p => p.Id == productId).Select(p => (Guid?)p.StoreId).SingleOrDefaultAsync(cancellationToken);
        if (storeId is not { } store)
        {
            return InventoryRefusal.NotFound;
        }

        var change = await StockLedger.TryMoveAsync(db, store, productId, delta, cancellationToken);
        if (change is null)
        {
            var stock = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync(cancellationToken);
            return InventoryRefusal.Invalid("delta", $"Only {stock} in stock: taking away {-delta} would leave less than nothing.");
        }

        var movement = StockLedger.Record(db, jobs, change, reason, merchantId, null, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            await catalogue.InvalidateStoreAsync(store, CancellationToken.None);
        }

        return new StockAdjusted(productId, store, change.StockAfter, movement.Id);
    }

    /// <summary>A product's stock ledger, newest first; <paramref name="before"/> (an entry id) pages back.</summary>
    public async Task<InventoryResult<IReadOnlyList<LedgerEntry>>> LedgerAsync(Guid merchantId, Guid productId, long? before, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 200)
        {
            return InventoryRefusal.Invalid("limit", "Ask for 1 to 200 entries.");
        }

        if (!await Owned(merchantId).AnyAsync(p => p.Id == productId, cancellationToken))
        {
            return InventoryRefusal.NotFound;
        }

        var entries = db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId);
        if (before is { } id)
        {
            entries = entries.Where(m => m.Id < id);
        }

        var list = await entries.OrderByDescending(m => m.Id).Take(limit)
            .Select(m => new { m.Id, m.Delta, m.Reason, m.StockAfter, m.ActorId, m.OrderId, m.Note, m.At })
            .ToListAsync(cancellationToken);
        return list.Select(m => new LedgerEntry(m.Id, m.Delta, m.Reason.ToString(), m.StockAfter, m.ActorId, m.OrderId, m.Note, m.At)).ToList();
    }

    /// <summary>
    /// The details in <paramref name="input"/> as Core's <see cref="ProductDetails"/>, with every
    /// problem (missing numbers, unknown category, Core's own rules) by field.
    /// </summary>
    public async Task<(ProductDetails? Details, List<DomainError> Problems)> ValidateAsync(ProductInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<DomainError>();
        if (input.PricePaise is null)
        {
            problems.Add(DomainError.Validation("price", "Give the selling price."));
        }

        if (input.MrpPaise is null)
        {
            problems.Add(DomainError.Validation("mrp", "Give the MRP printed on the pack."));
        }

        if (input.CategoryId is null)
        {
            problems.Add(DomainError.Validation("categoryId", "Choose a category."));
        }

        var details = new ProductDetails(
            input.CategoryId ?? 0,
            input.Name ?? string.Empty,
            input.HindiName ?? string.Empty,
            input.Brand ?? string.Empty,
            input.Unit ?? string.Empty,
            new Money(input.PricePaise ?? 1),
            new Money(input.MrpPaise ?? Math.Max(1, input.PricePaise ?? 1)),
            input.Barcode,
            input.LowStockThreshold ?? Product.DefaultLowStockThreshold);
        problems.AddRange(details.Problems().Where(p => !problems.Any(q => q.Code == p.Code)));
        if (input.CategoryId is { } categoryId && categoryId > 0 && !await db.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            problems.Add(DomainError.Validation("categoryId", "There is no such category."));
        }

        return (problems.Count == 0 ? details.Normalised() : null, problems);
    }

    /// <summary>Another shop's products are invisible: every query starts here.</summary>
    private IQueryable<Product> Owned(Guid merchantId) =>
        db.Products.Where(p => db.Stores.Any(s => s.Id == p.StoreId && s.OwnerId == merchantId));

    private async Task<InventoryResult<InventoryItem>> ChangeLockedAsync(
        Guid merchantId, Guid productId, Func<Product, Result> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Locked until commit: the version compared is the version overwritten.
        var locked = await db.Products
            .FromSql($"""
                SELECT p.* FROM products p JOIN stores s ON s.id = p.store_id
                WHERE p.id = {productId} AND s.owner_id = {merchantId}
                FOR NO KEY UPDATE OF p
                """)
            .ToListAsync(cancellationToken);
        var product = locked.SingleOrDefault();
        if (product is null)
        {
            return InventoryRefusal.NotFound;
        }

        var changed = change(product);
        if (!changed.IsSuccess)
        {
            await transaction.RollbackAsync(cancellationToken);
            var current = (await FindAsync(merchantId, productId, cancellationToken))!;
            return changed.Error!.Kind == ErrorKind.Conflict
                ? InventoryRefusal.Conflict(changed.Error, current)
                : InventoryRefusal.Invalid([changed.Error]);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await catalogue.InvalidateStoreAsync(product.StoreId, CancellationToken.None);
        return (await FindAsync(merchantId, productId, cancellationToken))!;
    }

    /// <summary>As the list shows them: by name, then pack size.</summary>
    private IQueryable<InventoryItem> Project(IQueryable<Product> products) =>
        from p in products
        join c in db.Categories on p.CategoryId equals c.Id
        orderby p.Name, p.Unit, p.Id
        select new InventoryItem(
            p.Id, p.Name, p.HindiName, p.Brand, p.Unit, p.CategoryId, c.Name, p.PricePaise, p.MrpPaise, p.Stock,
            p.LowStockThreshold, p.Barcode, p.IsActive, p.ImageKey, p.Version);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
