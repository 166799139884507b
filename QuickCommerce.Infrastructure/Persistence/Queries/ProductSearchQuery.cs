using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Caching;

namespace QuickCommerce.Infrastructure.Persistence.Queries;

/// <summary>How search results are ordered.</summary>
public enum ProductSearchSort
{
    /// <summary>Best text match first, then the nearest store, then in stock before out of stock.</summary>
    Relevance,

    /// <summary>Cheapest first; equal prices by relevance, then distance.</summary>
    Price,

    /// <summary>Nearest store first; inside one store by relevance.</summary>
    Distance,
}

/// <summary>
/// What a customer looks for, and where. <see cref="Point"/> is where the goods go; it may be left
/// out only for a search inside one store (<see cref="StoreId"/>), which then measures from the store.
/// </summary>
public sealed record ProductSearch(string Text, GeoPoint? Point)
{
    /// <summary>Fewest characters a search needs (after trimming): one letter matches everything.</summary>
    public const int MinTextLength = 2;

    /// <summary>Most characters a search may have; no product name is longer than a phrase.</summary>
    public const int MaxTextLength = 60;

    /// <summary>Results returned when the caller names no limit.</summary>
    public const int DefaultLimit = 40;

    /// <summary>Most results one search returns.</summary>
    public const int MaxLimit = 100;

    /// <summary>Search only this store's shelf. Defaults to every store that delivers to <see cref="Point"/>.</summary>
    public Guid? StoreId { get; init; }

    /// <summary>Only products of this category. Defaults to all categories.</summary>
    public int? CategoryId { get; init; }

    /// <summary>Leave out products with no stock. Defaults to false (they are listed, marked out of stock).</summary>
    public bool InStockOnly { get; init; }

    /// <summary>Lowest selling price in paise, inclusive. Defaults to no lower bound.</summary>
    public long? MinPricePaise { get; init; }

    /// <summary>Highest selling price in paise, inclusive. Defaults to no upper bound.</summary>
    public long? MaxPricePaise { get; init; }

    /// <summary>Result order. Defaults to <see cref="ProductSearchSort.Relevance"/>.</summary>
    public ProductSearchSort Sort { get; init; } = ProductSearchSort.Relevance;

    /// <summary>Most results to return, 1 to <see cref="MaxLimit"/>. Defaults to <see cref="DefaultLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>The text as it is searched: trimmed, inner runs of spaces made one, lower case.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
    }
}

/// <summary>One product on one store's shelf that matches a search.</summary>
public sealed record SearchHit(
    Guid ProductId,
    Guid StoreId,
    string StoreName,
    string Name,
    string HindiName,
    string Unit,
    long PricePaise,
    long MrpPaise,
    bool InStock,
    int DistanceMeters);

/// <summary>
/// Product search across the stores that deliver to the customer, or inside one store.
/// <para>
/// Matching: English full text (stemmed: "maggie" finds "Maggi"), 'simple' full text over the
/// Hindi name's Devanagari and transliteration ("doodh", "chawal", "दूध"), and pg_trgm word
/// similarity for misspellings ("panner", "basmathi"). Every branch of the match is an indexed
/// operator - <c>@@</c> on the tsvector's GIN index, <c>&lt;%</c> on the trigram GIN indexes - so
/// PostgreSQL can combine them in one BitmapOr; the word-similarity threshold those operators use is
/// set with set_config(..., is_local) inside a short read transaction, never on the pooled session.
/// </para>
/// <para>
/// Ranking: a full-text hit first, then trigram closeness after folding common Hinglish spelling
/// variants (doubled letters, an aspirating "h": "panner" and "paneer" both fold to "paner"),
/// name matches a little above Hindi-name matches, ts_rank as a tie-break - rounded to two decimals
/// so equally good matches tie and the nearer store, then the one with stock, comes first.
/// Matches scoring under 60% of the best are dropped: fuzzy noise ("Aam Panna" for "panner") only
/// shows when nothing better exists.
/// </para>
/// <para>
/// Caching: results live in HybridCache for five minutes (one in process) under a key of every
/// criterion, the point rounded to 3 decimals (about 100 m) and the stores that deliver there now,
/// and are tagged with each of those stores (<see cref="CatalogueCache.StoreTag"/>), so a stock or
/// price change in any of them - even of a product that was not in the results - drops the entry.
/// The delivering stores are worked out fresh on every call (a cheap indexed query): a store that
/// closes or opens changes the key, so nobody is shown a closed store's shelf from the cache.
/// </para>
/// </summary>
public sealed class ProductSearchQuery(
    QuickCommerceDbContext db,
    IDbContextFactory<QuickCommerceDbContext> contexts,
    NearbyStoresQuery nearby,
    HybridCache cache)
{
    /// <summary>
    /// pg_trgm word similarity a product name needs to be a candidate (the extension's default, 0.6,
    /// misses "panner" → "Paneer" at 0.43). Lower finds more misspellings and more noise; the
    /// relevance floor then trims the noise when better matches exist.
    /// </summary>
    public const double WordSimilarityThreshold = 0.4;

    /// <summary>Matches scoring below this share of the best match are left out.</summary>
    public const double RelevanceFloor = 0.6;

    private static readonly HybridCacheEntryOptions Freshness = new()
    {
        Expiration = TimeSpan.FromMinutes(5),
        LocalCacheExpiration = TimeSpan.FromMinutes(1),
    };

    /// <summary>Matching products, ordered as <see cref="ProductSearch.Sort"/> says; empty when no store reaches the point.</summary>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(ProductSearch criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var text = ProductSearch.Normalise(criteria.Text);
        Guard(criteria, text);

        var reach = await DeliveringStoresAsync(criteria, cancellationToken);
        if (reach is null || reach.Distances.Count == 0)
        {
            return [];
        }

        // Computed at the rounded point, so that everyone sharing the key shares the same answer;
        // each caller then gets its own exact distances below.
        var origin = GeoPoint.Create(Math.Round(reach.Origin.Latitude, 3), Math.Round(reach.Origin.Longitude, 3)).Value;
        var storeIds = reach.Distances.Keys.Order().ToArray();
        var rows = await cache.GetOrCreateAsync(
            KeyFor(text, criteria, origin, storeIds),
            async ct => await QueryAsync(text, criteria, origin, storeIds, ct),
            Freshness,
            storeIds.Select(CatalogueCache.StoreTag),
            cancellationToken);

        var placed = rows.Select(r => (Row: r, Distance: reach.Distances[r.StoreId]));
        var ordered = criteria.Sort switch
        {
            ProductSearchSort.Price => placed.OrderBy(h => h.Row.PricePaise).ThenByDescending(h => h.Row.Relevance).ThenBy(h => h.Distance),
            ProductSearchSort.Distance => placed.OrderBy(h => h.Distance).ThenByDescending(h => h.Row.Relevance),
            _ => placed.OrderByDescending(h => h.Row.Relevance).ThenBy(h => h.Distance),
        };
        return
        [
            .. ordered
                .ThenByDescending(h => h.Row.InStock)
                .ThenBy(h => h.Row.Name, StringComparer.Ordinal)
                .ThenBy(h => h.Row.ProductId)
                .Select(h => new SearchHit(
                    h.Row.ProductId,
                    h.Row.StoreId,
                    h.Row.StoreName,
                    h.Row.Name,
                    h.Row.HindiName,
                    h.Row.Unit,
                    h.Row.PricePaise,
                    h.Row.MrpPaise,
                    h.Row.InStock,
                    h.Distance)),
        ];
    }

    private static void Guard(ProductSearch criteria, string text)
    {
        if (text.Length is < ProductSearch.MinTextLength or > ProductSearch.MaxTextLength)
        {
            throw new ArgumentException($"Search text must be {ProductSearch.MinTextLength} to {ProductSearch.MaxTextLength} characters.", nameof(criteria));
        }

        if (criteria.Point is null && criteria.StoreId is null)
        {
            throw new ArgumentException("A search needs a point unless it is inside one store.", nameof(criteria));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(criteria.Limit, 1, nameof(criteria));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(criteria.Limit, ProductSearch.MaxLimit, nameof(criteria));
        if (criteria.MinPricePaise < 0 || criteria.MinPricePaise > (criteria.MaxPricePaise ?? long.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(criteria), "The price range is empty or negative.");
        }
    }

    /// <summary>
    /// The stores whose shelves the search covers, with each one's distance from the customer.
    /// Across the area: the stores the nearby list shows as open (approved, switched on, inside
    /// their hours, delivery radius reaching the point). Inside one store: that store if it is
    /// approved and reaches the point - open or not, as its page lists its shelf either way.
    /// </summary>
    private async Task<Reach?> DeliveringStoresAsync(ProductSearch criteria, CancellationToken cancellationToken)
    {
        if (criteria.StoreId is not { } storeId)
        {
            var point = criteria.Point!.Value;
            var open = await nearby.FindAsync(point, NearbyStoresQuery.MaxRadiusKm, includeClosed: false, cancellationToken);
            return new Reach(point, open.ToDictionary(s => s.Id, s => s.DistanceMeters));
        }

        var store = db.Stores.AsNoTracking().Where(s => s.Id == storeId && s.Approval == ApprovalStatus.Approved);
        if (criteria.Point is { } customer)
        {
            var here = customer.ToPoint();
            var distances = await store
                .Where(s => s.Location.IsWithinDistance(here, s.DeliveryRadiusMetres))
                .Select(s => s.Location.Distance(here))
                .ToListAsync(cancellationToken);
            return new Reach(customer, distances.ToDictionary(_ => storeId, d => (int)Math.Round(d)));
        }

        var location = await store.Select(s => s.Location).SingleOrDefaultAsync(cancellationToken);
        return location is null ? null : new Reach(GeoPoint.FromPoint(location), new Dictionary<Guid, int> { [storeId] = 0 });
    }

    /// <summary>
    /// Every criterion that changes the answer, hashed: the text is the customer's own, so it never
    /// reaches the key (or Redis) as typed, and the key stays short however many stores deliver.
    /// </summary>
    private static string KeyFor(string text, ProductSearch criteria, GeoPoint origin, Guid[] storeIds)
    {
        var canonical = string.Join(
            '\n',
            text,
            origin.Latitude.ToString("F3", CultureInfo.InvariantCulture),
            origin.Longitude.ToString("F3", CultureInfo.InvariantCulture),
            criteria.StoreId?.ToString() ?? "-",
            criteria.CategoryId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            criteria.InStockOnly ? "in-stock" : "all",
            criteria.MinPricePaise?.ToString(CultureInfo.InvariantCulture) ?? "-",
            criteria.MaxPricePaise?.ToString(CultureInfo.InvariantCulture) ?? "-",
            criteria.Sort.ToString(),
            criteria.Limit.ToString(CultureInfo.InvariantCulture),
            string.Join(',', storeIds));
        return $"search:v1:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
    }

    /// <summary>
    /// The search itself, on a context of its own: HybridCache may run this for several waiting
    /// callers at once, so it must not borrow the first caller's request-scoped context.
    /// </summary>
    private async Task<SearchRow[]> QueryAsync(string text, ProductSearch criteria, GeoPoint origin, Guid[] storeIds, CancellationToken cancellationToken)
    {
        await using var search = await contexts.CreateDbContextAsync(cancellationToken);

        // The threshold of the <% operators is a setting, not an argument; is_local = true scopes it
        // to this transaction, so the pooled connection goes back with the server default.
        await using var transaction = await search.Database.BeginTransactionAsync(cancellationToken);
        await search.Database.ExecuteSqlAsync(
            $"SELECT set_config('pg_trgm.word_similarity_threshold', {WordSimilarityThreshold.ToString(CultureInfo.InvariantCulture)}, true)",
            cancellationToken);

        var anyCategory = criteria.CategoryId is null;
        var categoryId = criteria.CategoryId ?? 0;
        var minPrice = criteria.MinPricePaise ?? 0;
        var maxPrice = criteria.MaxPricePaise ?? long.MaxValue;
        var byPrice = criteria.Sort == ProductSearchSort.Price;
        var byDistance = criteria.Sort == ProductSearchSort.Distance;

        // Folding (same rules for the query and the names): lower case, drop an "h" after a
        // consonant (basmathi → basmati, doodh → dood), then squeeze doubled letters (panner,
        // paneer → paner; atta, aata → ata).
        var rows = await search.Database
            .SqlQuery<SearchRow>($"""
                WITH matched AS (
                    SELECT p.id, p.store_id, s.name AS store_name, p.name, p.hindi_name, p.unit,
                           p.price_paise, p.mrp_paise, p.stock > 0 AS in_stock,
                           ST_Distance(s.location, ST_SetSRID(ST_MakePoint({origin.Longitude}, {origin.Latitude}), 4326)::geography) AS distance_metres,
                           round((
                                 CASE WHEN p.search_vector @@ q.english OR p.search_vector @@ q.simple THEN 1 ELSE 0 END
                               + greatest(folded.name_similarity, folded.hindi_similarity)
                               + 0.1 * folded.name_similarity
                               + 0.1 * (ts_rank(p.search_vector, q.english) + ts_rank(p.search_vector, q.simple))
                           )::numeric, 2)::float8 AS relevance
                    FROM (SELECT {text}::text AS text,
                                 websearch_to_tsquery('english', {text}) AS english,
                                 plainto_tsquery('simple', {text}) AS simple,
                                 regexp_replace(regexp_replace(lower({text}), '([bcdgjkpst])h', '\1', 'g'), '(.)\1+', '\1', 'g') AS folded) AS q
                    CROSS JOIN products p
                    JOIN stores s ON s.id = p.store_id
                    CROSS JOIN LATERAL (
                        SELECT word_similarity(q.folded, regexp_replace(regexp_replace(lower(p.name), '([bcdgjkpst])h', '\1', 'g'), '(.)\1+', '\1', 'g')) AS name_similarity,
                               word_similarity(q.folded, regexp_replace(regexp_replace(lower(p.hindi_name), '([bcdgjkpst])h', '\1', 'g'), '(.)\1+', '\1', 'g')) AS hindi_similarity
                    ) AS folded
                    WHERE p.store_id = ANY({storeIds})
                      AND p.is_active
                      AND ({anyCategory} OR p.category_id = {categoryId})
                      AND (NOT {criteria.InStockOnly} OR p.stock > 0)
                      AND p.price_paise BETWEEN {minPrice} AND {maxPrice}
                      AND (p.search_vector @@ q.english
                           OR p.search_vector @@ q.simple
                           OR q.text <% p.name
                           OR q.text <% p.hindi_name
                           OR q.folded <% p.name
                           OR q.folded <% p.hindi_name)
                )
                SELECT id AS product_id, store_id, store_name, name, hindi_name, unit, price_paise, mrp_paise, in_stock, relevance
                FROM (SELECT m.*, max(m.relevance) OVER () AS best FROM matched m) AS ranked
                WHERE relevance >= best * {RelevanceFloor}
                ORDER BY CASE WHEN {byPrice} THEN price_paise END,
                         CASE WHEN {byDistance} THEN distance_metres END,
                         relevance DESC, distance_metres, in_stock DESC, name, id
                LIMIT {criteria.Limit}
                """)
            .ToArrayAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private sealed record Reach(GeoPoint Origin, IReadOnlyDictionary<Guid, int> Distances);
}

/// <summary>A search result as cached: the hit and its score, without the distance (each caller has its own).</summary>
internal sealed record SearchRow(
    Guid ProductId,
    Guid StoreId,
    string StoreName,
    string Name,
    string HindiName,
    string Unit,
    long PricePaise,
    long MrpPaise,
    bool InStock,
    double Relevance);
