using QuickCommerce.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Infrastructure.Persistence.Queries;

/// <summary>A product as the store page lists it.</summary>
public sealed record ShelfProduct(
    Guid Id,
    string Name,
    string HindiName,
    string Brand,
    string Unit,
    long PricePaise,
    long MrpPaise,
    int Stock,
    string? ImageKey = null)
{
    public bool InStock => Stock > 0;
}

/// <summary>One category of the store's catalogue, in display order.</summary>
public sealed record Shelf(int CategoryId, string Category, string Slug, IReadOnlyList<ShelfProduct> Products);

/// <summary>The store's header facts and its catalogue by category.</summary>
public sealed record StoreCatalogue(
    Guid Id,
    string Name,
    string AddressLine,
    string Locality,
    string Pincode,
    string Phone,
    bool IsOpen,
    DateTimeOffset? OpensAt,
    long MinOrderPaise,
    long DeliveryFeePaise,
    IReadOnlyList<Shelf> Shelves);

/// <summary>Reads an approved store's active products grouped by category (in-stock first inside each).</summary>
public sealed class StoreCatalogueQuery(QuickCommerceDbContext db, TimeProvider clock)
{
    public async Task<StoreCatalogue?> FindAsync(Guid storeId, CancellationToken cancellationToken)
    {
        var store = await db.Stores
            .AsNoTracking()
            .Where(s => s.Id == storeId && s.Approval == ApprovalStatus.Approved)
            .Select(s => new { s.Id, s.Name, s.AddressLine, s.Locality, s.Pincode, s.Phone, s.Hours, s.TimeZoneId, s.IsAcceptingOrders, s.MinimumOrderPaise, s.DeliveryFeePaise })
            .SingleOrDefaultAsync(cancellationToken);
        if (store is null)
        {
            return null;
        }

        var rows = await (
                from p in db.Products.AsNoTracking()
                join c in db.Categories.AsNoTracking() on p.CategoryId equals c.Id
                where p.StoreId == storeId && p.IsActive
                orderby c.SortOrder, p.Stock > 0 descending, p.Name
                select new { c.Id, Category = c.Name, c.Slug, Product = new ShelfProduct(p.Id, p.Name, p.HindiName, p.Brand, p.Unit, p.PricePaise, p.MrpPaise, p.Stock, p.ImageKey) })
            .ToListAsync(cancellationToken);

        var shelves = rows
            .GroupBy(r => (r.Id, r.Category, r.Slug))
            .Select(g => new Shelf(g.Key.Id, g.Key.Category, g.Key.Slug, [.. g.Select(r => r.Product)]))
            .ToList();

        // Holiday closures that may matter now: from the store's yesterday on (a late-night window may still run).
        var now = clock.GetUtcNow();
        var recent = StoreTimetable.LocalDay(now, store.TimeZoneId).AddDays(-1);
        var closures = await db.StoreClosures.AsNoTracking()
            .Where(c => c.StoreId == storeId && c.LastDay >= recent)
            .ToListAsync(cancellationToken);
        var availability = StoreTimetable.Availability(store.Hours, store.TimeZoneId, store.IsAcceptingOrders, now, closures);
        return new StoreCatalogue(
            store.Id,
            store.Name,
            store.AddressLine,
            store.Locality,
            store.Pincode,
            store.Phone,
            availability.IsOpen,
            availability.OpensAt,
            store.MinimumOrderPaise,
            store.DeliveryFeePaise,
            shelves);
    }
}
