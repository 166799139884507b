using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Cart;

/// <summary>A cart line with today's price and stock.</summary>
public sealed record CartLine(Guid ProductId, string Name, string Unit, long PricePaise, long MrpPaise, int Quantity, int Available)
{
    public long LineTotalPaise => PricePaise * Quantity;

    public bool IsShort => Available < Quantity;
}

/// <summary>One store's cart, priced now: what the customer sees before checkout.</summary>
public sealed record CartSummary(
    Guid StoreId,
    string StoreName,
    bool IsOpen,
    long MinOrderPaise,
    long DeliveryFeePaise,
    IReadOnlyList<CartLine> Lines)
{
    public long SubtotalPaise => Lines.Sum(l => l.LineTotalPaise);

    public long TotalPaise => SubtotalPaise + DeliveryFeePaise;

    /// <summary>How much more to add before the store's minimum order is met (0 when met).</summary>
    public long ShortOfMinimumPaise => Math.Max(0, MinOrderPaise - SubtotalPaise);

    public bool CanCheckOut => IsOpen && Lines.Count > 0 && ShortOfMinimumPaise == 0 && !Lines.Any(l => l.IsShort);
}

/// <summary>Prices the cookie carts from the database. Products that vanished or left the store drop out.</summary>
public sealed class CartSummaries(QuickCommerceDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<CartSummary>> PriceAsync(Dictionary<Guid, Dictionary<Guid, int>> carts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(carts);
        var summaries = new List<CartSummary>();
        foreach (var (storeId, wanted) in carts)
        {
            var store = await db.Stores.AsNoTracking().SingleOrDefaultAsync(s => s.Id == storeId && s.Approval == ApprovalStatus.Approved, cancellationToken);
            if (store is null)
            {
                continue;
            }

            var recent = store.LocalDay(clock.GetUtcNow()).AddDays(-1);
            var closures = await db.StoreClosures.AsNoTracking().Where(c => c.StoreId == storeId && c.LastDay >= recent).ToListAsync(cancellationToken);
            var ids = wanted.Keys.ToList();
            var products = await db.Products.AsNoTracking()
                .Where(p => ids.Contains(p.Id) && p.StoreId == storeId && p.IsActive)
                .OrderBy(p => p.Name)
                .ToListAsync(cancellationToken);
            var lines = products.Select(p => new CartLine(p.Id, p.Name, p.Unit, p.PricePaise, p.MrpPaise, wanted[p.Id], p.Stock)).ToList();
            summaries.Add(new CartSummary(
                store.Id,
                store.Name,
                store.AvailabilityAt(clock.GetUtcNow(), closures).IsOpen,
                store.MinimumOrderPaise,
                store.DeliveryFeePaise,
                lines));
        }

        return summaries;
    }

    /// <summary>"₹40 more for the ₹99 minimum", or null when met.</summary>
    public static string? MinimumNote(CartSummary cart)
    {
        ArgumentNullException.ThrowIfNull(cart);
        return cart.ShortOfMinimumPaise == 0
            ? null
            : $"Add {new Money(cart.ShortOfMinimumPaise)} more for the {new Money(cart.MinOrderPaise)} minimum order.";
    }
}
