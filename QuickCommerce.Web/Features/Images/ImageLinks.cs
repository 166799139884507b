using QuickCommerce.Infrastructure.Storage;

namespace QuickCommerce.Web.Features.Images;

/// <summary>Where a stored photo's two sizes are served from (GET /images/…), cacheable for a year.</summary>
public sealed record ImageLinks(string Small, string Large)
{
    /// <summary>The path every image URL starts with.</summary>
    public const string PathBase = "/images/";

    public static ImageLinks Of(string key) => new(SmallOf(key), PathBase + ImageKeys.Large(key));

    /// <summary>The thumbnail's URL: what lists and the editor show.</summary>
    public static string SmallOf(string key) => PathBase + ImageKeys.Small(key);
}
