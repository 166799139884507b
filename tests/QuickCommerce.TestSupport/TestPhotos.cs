using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using Minio;
using Minio.DataModel.Args;
using SkiaSharp;

namespace QuickCommerce.TestSupport;

/// <summary>
/// Photos made in the test (SkiaSharp encodes them), plus the hostile files an upload must survive:
/// EXIF with a secret and an orientation, a header that claims a huge bitmap, a truncated JPEG.
/// </summary>
public static class TestPhotos
{
    /// <summary>Left half red, right half blue, so a turn or a flip shows.</summary>
    public static byte[] Png(int width, int height) => Encode(Halves(width, height, SKColors.Red, SKColors.Blue), SKEncodedImageFormat.Png);

    /// <summary>As <see cref="Png(int, int)"/>, in <paramref name="left"/> and <paramref name="right"/>: different colours make a different photo.</summary>
    public static byte[] Png(int width, int height, SKColor left, SKColor right) => Encode(Halves(width, height, left, right), SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height) => Encode(Halves(width, height, SKColors.Red, SKColors.Blue), SKEncodedImageFormat.Jpeg);

    public static byte[] Webp(int width, int height) => Encode(Halves(width, height, SKColors.Red, SKColors.Blue), SKEncodedImageFormat.Webp);

    /// <summary>
    /// <paramref name="jpeg"/> with an EXIF block (APP1) right after its start marker: the camera
    /// <paramref name="make"/> (stands in for GPS and serial numbers) and an orientation (6 = turn a quarter clockwise).
    /// </summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation, string make)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        ArgumentNullException.ThrowIfNull(make);
        var makeBytes = Encoding.ASCII.GetBytes(make + "\0");
        using var tiff = new MemoryStream();
        using (var w = new BinaryWriter(tiff, Encoding.ASCII, leaveOpen: true))
        {
            // Little-endian TIFF header, IFD0 at offset 8 with two entries (sorted by tag), no next IFD.
            w.Write("II"u8);
            w.Write((ushort)42);
            w.Write(8u);
            w.Write((ushort)2);
            const uint dataOffset = 8 + 2 + (2 * 12) + 4;
            w.Write((ushort)0x010F); // Make
            w.Write((ushort)2);      // ASCII
            w.Write((uint)makeBytes.Length);
            w.Write(dataOffset);
            w.Write((ushort)0x0112); // Orientation
            w.Write((ushort)3);      // SHORT
            w.Write(1u);
            w.Write(orientation);
            w.Write((ushort)0);
            w.Write(0u);
            w.Write(makeBytes);
        }

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff.ToArray()).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// A hundred-odd bytes of PNG whose header claims <paramref name="width"/> × <paramref name="height"/>
    /// pixels (a decompression bomb's shape), with a valid IHDR checksum and a token IDAT.
    /// </summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // RGB
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A multipart form with <paramref name="bytes"/> as field "file", declared as the caller says (the server must not care).</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string fileName = "photo.jpg", string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    /// <summary>The names of the objects under <paramref name="prefix"/> in the test bucket.</summary>
    public static async Task<List<string>> ObjectsUnderAsync(IMinioClient minio, string bucket, string prefix)
    {
        ArgumentNullException.ThrowIfNull(minio);
        var names = new List<string>();
        await foreach (var item in minio.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithPrefix(prefix).WithRecursive(true)))
        {
            names.Add(item.Key);
        }

        return names;
    }

    private static SKBitmap Halves(int width, int height, SKColor left, SKColor right)
    {
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { Color = left };
        canvas.DrawRect(0, 0, width / 2f, height, paint);
        paint.Color = right;
        canvas.DrawRect(width / 2f, 0, width - (width / 2f), height, paint);
        return bitmap;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        using (var image = SKImage.FromBitmap(bitmap))
        using (var data = image.Encode(format, 90))
        {
            return data.ToArray();
        }
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
