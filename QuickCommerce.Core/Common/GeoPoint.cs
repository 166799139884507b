using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace QuickCommerce.Core.Common;

/// <summary>A WGS 84 position. Validates its own range so that no bad coordinate reaches a query.</summary>
public readonly record struct GeoPoint
{
    /// <summary>The SRID every stored point uses (WGS 84).</summary>
    public const int Srid = 4326;

    private static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(Srid);

    private GeoPoint(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; }

    public double Longitude { get; }

    /// <summary>Makes a point, or says which coordinate is out of range.</summary>
    public static Result<GeoPoint> Create(double latitude, double longitude)
    {
        if (double.IsNaN(latitude) || latitude is < -90 or > 90)
        {
            return DomainError.Validation("lat", "Latitude must be a number between -90 and 90.");
        }

        if (double.IsNaN(longitude) || longitude is < -180 or > 180)
        {
            return DomainError.Validation("lng", "Longitude must be a number between -180 and 180.");
        }

        return new GeoPoint(latitude, longitude);
    }

    /// <summary>The NetTopologySuite point (X = longitude, Y = latitude) for PostGIS geography columns.</summary>
    public Point ToPoint() => Factory.CreatePoint(new Coordinate(Longitude, Latitude));

    public static GeoPoint FromPoint(Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new GeoPoint(point.Y, point.X);
    }
}
