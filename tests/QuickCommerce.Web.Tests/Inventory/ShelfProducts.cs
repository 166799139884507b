using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Inventory;

/// <summary>Products put on a shop's shelf straight in the database, as the inventory tests start from them.</summary>
public static class ShelfProducts
{
    /// <summary>A product of the store (category 1, "Atta &amp; Flours" unless told), with no ledger entries yet.</summary>
    public static async Task<Product> AddAsync(
        TestDatabase database, Guid storeId, string name = "Aashirvaad Atta", long pricePaise = 4500, long mrpPaise = 5000, int stock = 10, int threshold = 5, string? barcode = null, string unit = "5 kg", int categoryId = 1)
    {
        ArgumentNullException.ThrowIfNull(database);
        var product = new Product(Guid.NewGuid(), storeId, new ProductDetails(categoryId, name, "आटा (atta)", "Aashirvaad", unit, new Money(pricePaise), new Money(mrpPaise), barcode, threshold));
        if (stock > 0)
        {
            product.ChangeStock(stock, StockChangeReason.Correction, null, null, null, DateTimeOffset.UtcNow);
        }

        await using var db = database.NewContext();
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }
}
