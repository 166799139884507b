using Microsoft.Extensions.Caching.Hybrid;

namespace QuickCommerce.Infrastructure.Caching;

/// <summary>
/// Tags and invalidation for cached catalogue reads (product search). Every cached entry that
/// could show one of a store's products carries that store's tag, so one call after a stock or
/// price change drops them all - in this process at once, and in the others when they next read
/// the entry from Redis (their in-process copies live one minute at most).
/// </summary>
public sealed class CatalogueCache(HybridCache cache)
{
    /// <summary>The tag of every cached entry that may list <paramref name="storeId"/>'s products.</summary>
    public static string StoreTag(Guid storeId) => $"store:{storeId}";

    /// <summary>Forgets every cached search that may show <paramref name="storeId"/>'s products.</summary>
    public async Task InvalidateStoreAsync(Guid storeId, CancellationToken cancellationToken) =>
        await cache.RemoveByTagAsync(StoreTag(storeId), cancellationToken);
}
