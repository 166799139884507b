using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.Web.Api;

namespace QuickCommerce.Web.Features.Stores;

/// <summary>/api/v1/stores: finding stores that deliver to a point.</summary>
public static class StoresEndpoints
{
    public static IEndpointRouteBuilder MapStoresEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var stores = endpoints.MapGroup("/api/v1/stores").WithTags("Stores");

        stores.MapGet("/nearby", FindNearbyAsync)
            .WithName("FindNearbyStores")
            .WithSummary("Approved stores that deliver to a point, nearest first, open ones before closed ones.")
            .AllowAnonymous();

        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<NearbyStore>>, ValidationProblem>> FindNearbyAsync(
        string? lat,
        string? lng,
        string? radiusKm,
        string? includeClosed,
        NearbyStoresQuery query,
        CancellationToken cancellationToken)
    {
        var input = new QueryParameters();
        var latitude = input.RequiredNumber(lat, "lat", "Latitude", -90, 90);
        var longitude = input.RequiredNumber(lng, "lng", "Longitude", -180, 180);
        var radius = input.OptionalNumber(radiusKm, "radiusKm", "Search radius (km)", 0.1, NearbyStoresQuery.MaxRadiusKm, NearbyStoresQuery.DefaultRadiusKm);
        var withClosed = input.OptionalFlag(includeClosed, "includeClosed");
        if (!input.IsValid)
        {
            return TypedResults.ValidationProblem(input.Errors, title: "The location or radius is not valid.");
        }

        var point = GeoPoint.Create(latitude, longitude).Value;
        return TypedResults.Ok(await query.FindAsync(point, radius, withClosed, cancellationToken));
    }
}
