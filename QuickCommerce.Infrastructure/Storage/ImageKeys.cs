using System.Text.RegularExpressions;

namespace QuickCommerce.Infrastructure.Storage;

/// <summary>Whose photo it is: the prefix its objects live under in the bucket.</summary>
public enum ImageOwner
{
    Product,
    Store,
}

/// <summary>
/// How photos are named in the bucket. A photo's key is "products/{productId}/{hash}" (or "stores/…"),
/// the hash taken over the encoded bytes; its two objects add "-s.jpg" (thumbnail) and "-l.jpg" (large).
/// Content-addressed, so an object never changes once written and may be cached for a year, and a
/// new photo is a new key: replacing one never serves a stale copy from any cache.
/// </summary>
public static partial class ImageKeys
{
    public const string ContentType = "image/jpeg";

    private const string SmallSuffix = "-s.jpg";
    private const string LargeSuffix = "-l.jpg";

    /// <summary>The key of <paramref name="owner"/> <paramref name="ownerId"/>'s photo whose bytes hash to <paramref name="hash"/>.</summary>
    public static string For(ImageOwner owner, Guid ownerId, string hash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        return $"{Prefix(owner)}/{ownerId:N}/{hash}";
    }

    /// <summary>The thumbnail's object name.</summary>
    public static string Small(string key) => key + SmallSuffix;

    /// <summary>The large photo's object name.</summary>
    public static string Large(string key) => key + LargeSuffix;

    /// <summary>
    /// True only for an object name this scheme writes: a known prefix, an id, a hash and a size suffix,
    /// in lower-case hex. Anything else (other prefixes, "..", "%2e", extra segments) is not ours to serve.
    /// </summary>
    public static bool IsServable(string? objectName) => objectName is not null && ObjectName().IsMatch(objectName);

    /// <summary>The strong ETag of a servable object: its hash and size, which is all that can make two differ.</summary>
    public static string ETagOf(string objectName)
    {
        ArgumentNullException.ThrowIfNull(objectName);
        var match = ObjectName().Match(objectName);
        return match.Success
            ? $"\"{match.Groups["hash"].Value}-{match.Groups["size"].Value}\""
            : throw new ArgumentException($"'{objectName}' is not an image object name.", nameof(objectName));
    }

    private static string Prefix(ImageOwner owner) => owner switch
    {
        ImageOwner.Product => "products",
        ImageOwner.Store => "stores",
        _ => throw new ArgumentOutOfRangeException(nameof(owner), owner, "Unknown image owner."),
    };

    [GeneratedRegex("^(?:products|stores)/[0-9a-f]{32}/(?<hash>[0-9a-f]{32})-(?<size>[sl])\\.jpg\\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ObjectName();
}
