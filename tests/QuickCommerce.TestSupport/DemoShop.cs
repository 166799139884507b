using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.TestSupport;

/// <summary>Small hand-made stores and products for the web and browser tests.</summary>
public static class DemoShop
{
    public static readonly GeoPoint Indiranagar = GeoPoint.Create(12.9719, 77.6412).Value;

    /// <summary>An approved, always-open store <paramref name="metresNorth"/> north of Indiranagar's centre.</summary>
    public static Store Store(string name, double metresNorth = 300, OpeningHours? hours = null, bool approved = true)
    {
        var point = GeoPoint.Create(Indiranagar.Latitude + (metresNorth / 111_320.0), Indiranagar.Longitude).Value;
        var store = new Store(
            Guid.NewGuid(),
            null,
            name,
            "12, 100 Feet Road, Indiranagar, Bengaluru",
            "Indiranagar",
            "560038",
            "+918041234567",
            point,
            4000,
            hours ?? OpeningHours.AllDay(),
            new Money(9900),
            new Money(1500),
            DateTimeOffset.UnixEpoch);
        if (approved)
        {
            store.Approve();
        }

        return store;
    }

    /// <summary>A product on <paramref name="store"/>'s shelf in category 1 ("Atta &amp; Flours") unless told otherwise.</summary>
    public static Product Product(Store store, string name, long pricePaise, long mrpPaise, int stock, int categoryId = 1, string hindiName = "आटा (atta)") =>
        new(Guid.NewGuid(), store.Id, categoryId, name, hindiName, "Aashirvaad", "5 kg", new Money(pricePaise), new Money(mrpPaise), stock, null);
}
