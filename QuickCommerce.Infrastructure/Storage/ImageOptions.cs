using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Infrastructure.Storage;

/// <summary>Limits on uploaded photos and the sizes they are stored in.</summary>
public sealed class ImageOptions
{
    public const string Section = "Images";

    /// <summary>Largest upload accepted, in bytes. Defaults to 5 MB.</summary>
    [Range(64 * 1024, 50 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Longest side of a photo accepted, in pixels. Defaults to 8000.</summary>
    [Range(100, 20_000)]
    public int MaxDimension { get; set; } = 8000;

    /// <summary>
    /// Most pixels a photo may have. Defaults to 50 million (a 48-megapixel phone photo fits): it bounds
    /// the memory a decode takes, so a small file that unpacks to a huge bitmap is refused unopened.
    /// </summary>
    [Range(10_000, 400_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Side of the square thumbnail lists show, in pixels. Defaults to 160.</summary>
    [Range(32, 1000)]
    public int SmallSize { get; set; } = 160;

    /// <summary>Side of the square photo a product page or editor shows, in pixels. Defaults to 800.</summary>
    [Range(100, 4000)]
    public int LargeSize { get; set; } = 800;

    /// <summary>JPEG quality of both sizes. Defaults to 80.</summary>
    [Range(30, 100)]
    public int Quality { get; set; } = 80;

    /// <summary>
    /// Photos decoded at once in this process; more wait their turn. Defaults to 2: a large PNG
    /// can take a few hundred megabytes while it is decoded.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentDecodes { get; set; } = 2;

    /// <summary><see cref="MaxBytes"/> as people read it: "5 MB".</summary>
    public string Limit => MaxBytes % (1024 * 1024) == 0 ? $"{MaxBytes / (1024 * 1024)} MB" : $"{MaxBytes / 1024} KB";

    /// <summary>What a person is told when a photo is over <see cref="MaxBytes"/>.</summary>
    public string TooLargeMessage => $"Photos must be under {Limit}.";
}
