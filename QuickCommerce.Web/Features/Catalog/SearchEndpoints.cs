using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.Web.Api;

namespace QuickCommerce.Web.Features.Catalog;

/// <summary>A search as it arrives in the query string, every value still the text the caller sent.</summary>
public sealed record SearchInput(
    string? Q,
    string? Lat,
    string? Lng,
    string? StoreId = null,
    string? Category = null,
    string? InStock = null,
    string? MinPrice = null,
    string? MaxPrice = null,
    string? Sort = null,
    string? Limit = null);

/// <summary>/api/v1/search: products across the stores that deliver to a point, or inside one store.</summary>
public static class SearchEndpoints
{
    /// <summary>Title of the 400 a bad search gets.</summary>
    public const string InvalidTitle = "The search is not valid.";

    // Spelled out rather than Enum.TryParse, which would also take "1" or "Price, Distance".
    private static readonly Dictionary<string, ProductSearchSort> Sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = ProductSearchSort.Relevance,
        ["price"] = ProductSearchSort.Price,
        ["distance"] = ProductSearchSort.Distance,
    };

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/search", SearchAsync)
            .WithTags("Catalog")
            .WithName("SearchProducts")
            .WithSummary("Products matching q (misspellings and Hinglish too) in the open stores that deliver to lat/lng, " +
                "or in one store (storeId; lat/lng then optional). Prices in paise; sort = relevance | price | distance.")
            .AllowAnonymous();
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<SearchHit>>, ValidationProblem>> SearchAsync(
        string? q,
        string? lat,
        string? lng,
        string? storeId,
        string? category,
        string? inStock,
        string? minPrice,
        string? maxPrice,
        string? sort,
        string? limit,
        ProductSearchQuery query,
        CancellationToken cancellationToken)
    {
        var input = new QueryParameters();
        var criteria = Read(new SearchInput(q, lat, lng, storeId, category, inStock, minPrice, maxPrice, sort, limit), input);
        if (criteria is null)
        {
            return TypedResults.ValidationProblem(input.Errors, title: InvalidTitle);
        }

        return TypedResults.Ok(await query.SearchAsync(criteria, cancellationToken));
    }

    /// <summary>
    /// The search the raw values describe, or null with every bad value named in <paramref name="input"/>.
    /// The search page reads its query string through here too, so both say the same about bad input.
    /// </summary>
    public static ProductSearch? Read(SearchInput raw, QueryParameters input)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(input);

        var text = ProductSearch.Normalise(raw.Q ?? string.Empty);
        if (text.Length == 0)
        {
            input.Add("q", "Type what you are looking for.");
        }
        else if (text.Length is < ProductSearch.MinTextLength or > ProductSearch.MaxTextLength)
        {
            input.Add("q", $"Search text must be {ProductSearch.MinTextLength} to {ProductSearch.MaxTextLength} characters.");
        }

        Guid? storeId = null;
        if (!string.IsNullOrWhiteSpace(raw.StoreId))
        {
            if (Guid.TryParse(raw.StoreId, out var id))
            {
                storeId = id;
            }
            else
            {
                input.Add("storeId", "Store id must be a store's id (a GUID).");
            }
        }

        // Inside one store the point may be left out: the store's own location stands in for it.
        GeoPoint? point = null;
        var pointGiven = !string.IsNullOrWhiteSpace(raw.Lat) || !string.IsNullOrWhiteSpace(raw.Lng);
        if (pointGiven || storeId is null)
        {
            var latitude = input.RequiredNumber(raw.Lat, "lat", "Latitude", -90, 90);
            var longitude = input.RequiredNumber(raw.Lng, "lng", "Longitude", -180, 180);
            if (double.IsFinite(latitude) && double.IsFinite(longitude))
            {
                point = GeoPoint.Create(latitude, longitude).Value;
            }
        }

        var category = WholeNumber(input, raw.Category, "category", "Category", 1, int.MaxValue);
        var inStockOnly = input.OptionalFlag(raw.InStock, "inStock");
        var minPrice = WholeNumber(input, raw.MinPrice, "minPrice", "Minimum price (paise)", 0, long.MaxValue);
        var maxPrice = WholeNumber(input, raw.MaxPrice, "maxPrice", "Maximum price (paise)", 0, long.MaxValue);
        if (minPrice > maxPrice)
        {
            input.Add("minPrice", "Minimum price must not be more than the maximum price.");
        }

        var sort = ProductSearchSort.Relevance;
        if (!string.IsNullOrWhiteSpace(raw.Sort) && !Sorts.TryGetValue(raw.Sort.Trim(), out sort))
        {
            input.Add("sort", "Sort must be relevance, price or distance.");
        }

        var limit = WholeNumber(input, raw.Limit, "limit", "Limit", 1, ProductSearch.MaxLimit);
        if (!input.IsValid)
        {
            return null;
        }

        return new ProductSearch(text, point)
        {
            StoreId = storeId,
            CategoryId = (int?)category,
            InStockOnly = inStockOnly,
            MinPricePaise = minPrice,
            MaxPricePaise = maxPrice,
            Sort = sort,
            Limit = (int?)limit ?? ProductSearch.DefaultLimit,
        };
    }

    private static long? WholeNumber(QueryParameters input, string? raw, string field, string label, long min, long max)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            input.Add(field, $"{label} must be a whole number.");
            return null;
        }

        if (value < min || value > max)
        {
            input.Add(field, max == long.MaxValue
                ? $"{label} must be {min.ToString(CultureInfo.InvariantCulture)} or more."
                : $"{label} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }

        return value;
    }
}
