using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Common;
using SkiaSharp;

namespace QuickCommerce.Infrastructure.Storage;

/// <summary>An uploaded photo made safe to serve: both sizes as fresh JPEGs, and the hash that names them.</summary>
public sealed record EncodedImage(byte[] Small, byte[] Large, string Hash);

/// <summary>
/// Turns an upload into the two JPEGs we serve. The upload is trusted for nothing: its type is read
/// from its first bytes (JPEG, PNG or WebP only; the file name and declared type are ignored), its
/// dimensions from its header before any pixel is decoded (so a small file claiming a huge bitmap is
/// refused unopened), and it must decode completely. The pixels are then drawn afresh, turned the way
/// the camera's EXIF orientation says, onto a white square (lists lay out evenly and pages can state
/// width and height) and encoded again: no EXIF, GPS position, comment or colour profile of the
/// original survives. JPEG rather than WebP because the cheapest phones' browsers (KaiOS 2.5) cannot
/// show WebP, and a product photo must show everywhere.
/// </summary>
public sealed class ImagePipeline : IDisposable
{
    /// <summary>Form field and error code of every problem with the file itself.</summary>
    public const string Field = "file";

    public const string UnreadableMessage = "That file is not a photo we can read: use JPEG, PNG or WebP.";

    public const string DamagedMessage = "That photo is damaged or incomplete: please choose it again.";

    public const string EmptyMessage = "Choose a photo to upload.";

    // Mipmapped linear sampling: a 4000-pixel photo shrunk to 160 is averaged, not aliased.
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    private readonly ImageOptions _options;
    private readonly SemaphoreSlim _decodes;

    public ImagePipeline(IOptions<ImageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _decodes = new SemaphoreSlim(_options.MaxConcurrentDecodes);
    }

    /// <summary>What a person is told when the photo has too many pixels.</summary>
    public string TooManyPixelsMessage =>
        $"That photo is too big to use: at most {_options.MaxDimension} × {_options.MaxDimension} pixels. Send a smaller copy.";

    /// <summary>Reads at most the size limit from <paramref name="content"/>, checks it and encodes both sizes.</summary>
    public async Task<Result<EncodedImage>> EncodeAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = await ReadAtMostAsync(content, _options.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return DomainError.Validation(Field, _options.TooLargeMessage);
        }

        if (bytes.Length == 0)
        {
            return DomainError.Validation(Field, EmptyMessage);
        }

        if (Sniff(bytes) is not { } format)
        {
            return DomainError.Validation(Field, UnreadableMessage);
        }

        await _decodes.WaitAsync(cancellationToken);
        try
        {
            return Encode(bytes, format);
        }
        finally
        {
            _decodes.Release();
        }
    }

    public void Dispose() => _decodes.Dispose();

    /// <summary>The format the first bytes announce, or null for anything but JPEG, PNG and WebP.</summary>
    public static SKEncodedImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return SKEncodedImageFormat.Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return SKEncodedImageFormat.Png;
        }

        return bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)
            ? SKEncodedImageFormat.Webp
            : null;
    }

    private Result<EncodedImage> Encode(byte[] bytes, SKEncodedImageFormat sniffed)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);

        // The decoder must agree with the magic bytes: a GIF or BMP is not let in by a forged header.
        if (codec is null || codec.EncodedFormat != sniffed || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            return DomainError.Validation(Field, UnreadableMessage);
        }

        // Only the header has been read so far; nothing is allocated for pixels until these pass.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width > _options.MaxDimension || height > _options.MaxDimension || (long)width * height > _options.MaxPixels)
        {
            return DomainError.Validation(Field, TooManyPixelsMessage);
        }

        using var decoded = Decode(codec);
        if (decoded is null)
        {
            return DomainError.Validation(Field, DamagedMessage);
        }

        using var image = SKImage.FromBitmap(decoded);
        var origin = codec.EncodedOrigin;
        var large = Render(image, origin, _options.LargeSize, _options.Quality);
        var small = Render(image, origin, _options.SmallSize, _options.Quality);
        return new EncodedImage(small, large, HashOf(large, small));
    }

    /// <summary>
    /// All of the photo's pixels, in sRGB, or null if the file ends early or is corrupt. JPEG and WebP
    /// decode straight to a fraction of their size when that is still at least the large size, which
    /// keeps a 48-megapixel phone photo to a few megabytes of memory.
    /// </summary>
    private SKBitmap? Decode(SKCodec codec)
    {
        var longest = Math.Max(codec.Info.Width, codec.Info.Height);
        var wanted = Math.Min(longest, _options.LargeSize);
        var size = codec.GetScaledDimensions((float)wanted / longest);
        if (Math.Max(size.Width, size.Height) < wanted || size.Width <= 0 || size.Height <= 0)
        {
            size = codec.Info.Size;
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>
    /// The photo, turned upright, fitted into a white square of <paramref name="side"/> (or of its own
    /// longest side, if smaller: photos are never blown up), as a JPEG without metadata.
    /// </summary>
    private static byte[] Render(SKImage source, SKEncodedOrigin origin, int side, int quality)
    {
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = turned ? (source.Height, source.Width) : (source.Width, source.Height);
        side = Math.Min(side, Math.Max(width, height));
        var scale = Math.Min((float)side / width, (float)side / height);

        // No colour space on the canvas: the pixels are already sRGB, and the encoder then writes no ICC profile.
        using var surface = SKSurface.Create(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Could not make a {side}×{side} canvas.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Translate((side - (width * scale)) / 2, (side - (height * scale)) / 2);
        canvas.Scale(scale);
        canvas.Concat(Upright(origin, source.Width, source.Height));
        canvas.DrawImage(source, 0, 0, Sampling);
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("The JPEG encoder produced nothing.");
        return encoded.ToArray();
    }

    /// <summary>
    /// Maps the stored pixels (<paramref name="width"/> × <paramref name="height"/>) to the way EXIF
    /// says they are seen. RightTop, the usual portrait phone photo, is a quarter turn clockwise.
    /// </summary>
    private static SKMatrix Upright(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static string HashOf(byte[] large, byte[] small)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(large);
        hash.AppendData(small);
        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    /// <summary>The stream's bytes, or null if it holds more than <paramref name="limit"/>; never reads past limit + 1.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream content, int limit, CancellationToken cancellationToken)
    {
        if (content.CanSeek && content.Length - content.Position > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1L - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
