using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Infrastructure.Tests.Stores;

/// <summary>Stores placed by distance and bearing from a point, for the nearby-stores tests.</summary>
internal static class StoreBuilder
{
    public static readonly GeoPoint Indiranagar = GeoPoint.Create(12.9719, 77.6412).Value;

    /// <summary>A store <paramref name="metresNorth"/> metres due north of <paramref name="from"/>.</summary>
    public static Store North(
        GeoPoint from,
        double metresNorth,
        string name,
        int deliveryRadiusMetres = 5000,
        OpeningHours? hours = null,
        bool approved = true,
        bool accepting = true)
    {
        var point = GeoPoint.Create(from.Latitude + (metresNorth / 111_320.0), from.Longitude).Value;
        var store = new Store(
            Guid.NewGuid(),
            null,
            name,
            "1 Test Road",
            "Indiranagar",
            "560038",
            "+918000000000",
            point,
            deliveryRadiusMetres,
            hours ?? OpeningHours.AllDay(),
            Money.Zero,
            Money.Zero,
            DateTimeOffset.UnixEpoch);
        if (approved)
        {
            store.Approve();
        }

        store.SetAcceptingOrders(accepting);
        return store;
    }
}
