using QuickCommerce.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Infrastructure.Persistence.Queries;

/// <summary>A store that delivers to the customer's point, as the nearby list shows it.</summary>
public sealed record NearbyStore(
    Guid Id,
    string Name,
    string Locality,
    int DistanceMeters,
    bool IsOpen,
    DateTimeOffset? OpensAt,
    int EtaMinutes,
    long MinOrderPaise,
    long DeliveryFeePaise,
    string? PhotoKey = null);

/// <summary>
/// Approved stores within a search radius whose own delivery radius reaches the customer,
/// nearest first, open ones before closed ones. PostGIS ST_DWithin on geography (metres) with
/// the GiST index on stores.location does the spatial work. A store its owner switched off is not
/// listed at all, even with closed ones: the switch hides the shop from customers at once, while a
/// shop closed by its hours or a holiday is listed as closed with when it opens.
/// </summary>
public sealed class NearbyStoresQuery(QuickCommerceDbContext db, TimeProvider clock)
{
    /// <summary>Radius the customer pages search when the caller names none.</summary>
    public const double DefaultRadiusKm = 3;

    /// <summary>Largest radius a caller may ask for; kirana delivery is a few kilometres at most.</summary>
    public const double MaxRadiusKm = 20;

    /// <summary>At most this many stores come back, nearest first.</summary>
    public const int MaxResults = 200;

    public async Task<IReadOnlyList<NearbyStore>> FindAsync(GeoPoint point, double radiusKm, bool includeClosed, CancellationToken cancellationToken)
    {
        var here = point.ToPoint();
        var radiusMetres = radiusKm * 1000;

        // Holiday closures ending two UTC days ago or later: every zone's yesterday, whose late-night
        // window may still run. They come in the same SQL statement as the stores.
        var recent = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-2);
        var candidates = await db.Stores
            .AsNoTracking()
            .Where(s => s.Approval == ApprovalStatus.Approved
                && s.IsAcceptingOrders
                && s.Location.IsWithinDistance(here, radiusMetres)
                && s.Location.IsWithinDistance(here, s.DeliveryRadiusMetres))
            .Select(s => new
            {
                s.Id,
                s.Name,
                s.Locality,
                Distance = s.Location.Distance(here),
                s.Hours,
                s.TimeZoneId,
                s.MinimumOrderPaise,
                s.DeliveryFeePaise,
                s.PhotoKey,
                Closures = db.StoreClosures.Where(c => c.StoreId == s.Id && c.LastDay >= recent).ToList(),
            })
            .OrderBy(s => s.Distance)
            .Take(MaxResults)
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var stores = candidates
            .Select(s =>
            {
                var availability = StoreTimetable.Availability(s.Hours, s.TimeZoneId, acceptingOrders: true, now, s.Closures);
                return new NearbyStore(
                    s.Id,
                    s.Name,
                    s.Locality,
                    (int)Math.Round(s.Distance),
                    availability.IsOpen,
                    availability.OpensAt,
                    StoreTimetable.EtaMinutes(s.Distance),
                    s.MinimumOrderPaise,
                    s.DeliveryFeePaise,
                    s.PhotoKey);
            });

        // Open stores first (nearest first), then - if asked - the closed ones, also nearest first.
        var open = stores.Where(s => s.IsOpen);
        return includeClosed
            ? [.. open, .. stores.Where(s => !s.IsOpen)]
            : [.. open];
    }
}
