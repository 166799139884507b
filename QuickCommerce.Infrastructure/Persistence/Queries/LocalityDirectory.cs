using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;

namespace QuickCommerce.Infrastructure.Persistence.Queries;

/// <summary>A neighbourhood customers can type instead of sharing their location.</summary>
public sealed record Locality(string Name, string Pincode, double Latitude, double Longitude);

/// <summary>
/// Turns a typed locality name or pincode into a point: the median position of the stores
/// registered there (a median, so one store registered far off does not drag the centre away).
/// Good enough to list nearby stores; a geocoder can replace it later without touching callers.
/// </summary>
public sealed class LocalityDirectory(QuickCommerceDbContext db)
{
    public async Task<IReadOnlyList<Locality>> AllAsync(CancellationToken cancellationToken) =>
        await db.Database
            .SqlQuery<Locality>($"""
                SELECT locality AS "Name", min(pincode) AS "Pincode",
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ST_Y(location::geometry)) AS "Latitude",
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ST_X(location::geometry)) AS "Longitude"
                FROM stores
                WHERE approval = 'Approved'
                GROUP BY locality
                ORDER BY locality
                """)
            .ToListAsync(cancellationToken);

    /// <summary>Finds a locality by name (any case, ignoring spaces) or by 6-digit pincode.</summary>
    public async Task<Locality?> FindAsync(string text, CancellationToken cancellationToken)
    {
        var wanted = Normalise(text);
        if (wanted.Length == 0)
        {
            return null;
        }

        var all = await AllAsync(cancellationToken);
        return all.FirstOrDefault(l => Normalise(l.Name) == wanted || l.Pincode == wanted)
            ?? all.FirstOrDefault(l => Normalise(l.Name).StartsWith(wanted, StringComparison.Ordinal));
    }

    public static Result<GeoPoint> PointOf(Locality locality)
    {
        ArgumentNullException.ThrowIfNull(locality);
        return GeoPoint.Create(locality.Latitude, locality.Longitude);
    }

    private static string Normalise(string text) =>
        new([.. text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
}
