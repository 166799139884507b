using System.Text;
using Microsoft.Extensions.Options;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;
using SkiaSharp;

namespace QuickCommerce.Infrastructure.Tests.Storage;

/// <summary>The upload pipeline on its own: what it lets in, and what comes out. No bucket needed.</summary>
public sealed class ImagePipelineTests : IDisposable
{
    private readonly ImagePipeline _pipeline = new(Options.Create(new ImageOptions()));

    public void Dispose() => _pipeline.Dispose();

    [Fact]
    public async Task A_photo_comes_out_as_two_white_squares_of_jpeg_fitted_to_160_and_800()
    {
        var encoded = await EncodeAsync(TestPhotos.Png(1200, 600));

        using var small = SKBitmap.Decode(encoded.Small);
        using var large = SKBitmap.Decode(encoded.Large);
        ImagePipeline.Sniff(encoded.Small).ShouldBe(SKEncodedImageFormat.Jpeg);
        ImagePipeline.Sniff(encoded.Large).ShouldBe(SKEncodedImageFormat.Jpeg);
        (small.Width, small.Height).ShouldBe((160, 160));
        (large.Width, large.Height).ShouldBe((800, 800));

        // 1200×600 fits as 800×400 in the middle: white above and below, red left, blue right.
        ShouldBeNear(large.GetPixel(400, 20), SKColors.White);
        ShouldBeNear(large.GetPixel(200, 400), SKColors.Red);
        ShouldBeNear(large.GetPixel(600, 400), SKColors.Blue);
        encoded.Hash.ShouldMatch("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task A_small_photo_is_not_blown_up()
    {
        var encoded = await EncodeAsync(TestPhotos.Png(120, 90));

        using var small = SKBitmap.Decode(encoded.Small);
        using var large = SKBitmap.Decode(encoded.Large);
        (small.Width, small.Height).ShouldBe((120, 120));
        (large.Width, large.Height).ShouldBe((120, 120));
    }

    [Fact]
    public async Task Exif_orientation_is_applied_and_every_piece_of_metadata_is_dropped()
    {
        // Stored 400×200 (red left, blue right) with "turn a quarter clockwise": seen as 200×400, red on top.
        var upload = TestPhotos.WithExif(TestPhotos.Jpeg(400, 200), orientation: 6, make: "SecretCam GPS 12.97N 77.64E");
        using (var check = SKCodec.Create(new MemoryStream(upload)))
        {
            check.EncodedOrigin.ShouldBe(SKEncodedOrigin.RightTop, "the test photo must carry its EXIF orientation");
        }

        var encoded = await EncodeAsync(upload);

        using var large = SKBitmap.Decode(encoded.Large);
        (large.Width, large.Height).ShouldBe((400, 400));
        ShouldBeNear(large.GetPixel(200, 100), SKColors.Red);
        ShouldBeNear(large.GetPixel(200, 300), SKColors.Blue);
        ShouldBeNear(large.GetPixel(20, 200), SKColors.White);
        foreach (var output in new[] { encoded.Small, encoded.Large })
        {
            Contains(output, "SecretCam").ShouldBeFalse();
            Contains(output, "Exif").ShouldBeFalse();
            Contains(output, "ICC_PROFILE").ShouldBeFalse();
            using var codec = SKCodec.Create(new MemoryStream(output));
            codec.EncodedOrigin.ShouldBe(SKEncodedOrigin.TopLeft);
        }
    }

    [Fact]
    public async Task Webp_and_png_and_jpeg_are_all_accepted()
    {
        foreach (var upload in new[] { TestPhotos.Webp(300, 300), TestPhotos.Png(300, 300), TestPhotos.Jpeg(300, 300) })
        {
            (await _pipeline.EncodeAsync(new MemoryStream(upload), CancellationToken.None)).IsSuccess.ShouldBeTrue();
        }
    }

    [Fact]
    public async Task The_same_photo_always_gets_the_same_hash_and_another_photo_another()
    {
        var first = await EncodeAsync(TestPhotos.Png(300, 200));
        var again = await EncodeAsync(TestPhotos.Png(300, 200));
        var other = await EncodeAsync(TestPhotos.Png(300, 200, SKColors.Green, SKColors.Yellow));

        again.Hash.ShouldBe(first.Hash);
        other.Hash.ShouldNotBe(first.Hash);
    }

    [Fact]
    public async Task Text_a_gif_and_an_empty_file_are_refused_by_their_bytes()
    {
        await RefusedAsync(Encoding.UTF8.GetBytes("Not a photo at all, just a note called photo.jpg"), ImagePipeline.UnreadableMessage);
        await RefusedAsync([.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0], ImagePipeline.UnreadableMessage);
        await RefusedAsync([], ImagePipeline.EmptyMessage);

        // The right magic bytes and nothing a decoder can read after them.
        await RefusedAsync([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0, 1, 2, 3], ImagePipeline.UnreadableMessage);
    }

    [Fact]
    public async Task A_truncated_jpeg_is_refused_as_damaged()
    {
        var jpeg = TestPhotos.Jpeg(1000, 800);

        await RefusedAsync(jpeg[..(jpeg.Length * 2 / 3)], ImagePipeline.DamagedMessage);
    }

    [Fact]
    public async Task A_header_claiming_20000_by_20000_pixels_is_refused_without_decoding()
    {
        var bomb = TestPhotos.PngHeaderClaiming(20_000, 20_000);
        using (var check = SKCodec.Create(new MemoryStream(bomb)))
        {
            check.ShouldNotBeNull("the crafted header must parse, or the test proves nothing");
            check.Info.Width.ShouldBe(20_000);
        }

        // Decoding 400 million pixels would take 1.6 GB and fail as "damaged"; the header check refuses first.
        await RefusedAsync(bomb, _pipeline.TooManyPixelsMessage);
    }

    [Fact]
    public async Task Too_many_pixels_within_the_side_limit_are_refused_too()
    {
        using var pipeline = new ImagePipeline(Options.Create(new ImageOptions { MaxPixels = 100 * 100 }));

        var result = await pipeline.EncodeAsync(new MemoryStream(TestPhotos.Png(200, 100)), CancellationToken.None);

        result.Error!.Message.ShouldBe(pipeline.TooManyPixelsMessage);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_it_is_read_whole()
    {
        using var pipeline = new ImagePipeline(Options.Create(new ImageOptions { MaxBytes = 100 * 1024 }));

        // A stream that cannot seek, as a request body is: the limit is found by reading, and reading stops there.
        var oversized = new OneWayStream(new byte[(100 * 1024) + 1]);
        var result = await pipeline.EncodeAsync(oversized, CancellationToken.None);

        result.Error!.Message.ShouldBe("Photos must be under 100 KB.");
        new ImageOptions().TooLargeMessage.ShouldBe("Photos must be under 5 MB.");
    }

    private async Task<EncodedImage> EncodeAsync(byte[] upload)
    {
        var result = await _pipeline.EncodeAsync(new MemoryStream(upload), CancellationToken.None);
        result.Error.ShouldBeNull();
        return result.Value!;
    }

    private async Task RefusedAsync(byte[] upload, string message)
    {
        var result = await _pipeline.EncodeAsync(new MemoryStream(upload), CancellationToken.None);
        result.IsSuccess.ShouldBeFalse();
        result.Error!.Code.ShouldBe(ImagePipeline.Field);
        result.Error.Message.ShouldBe(message);
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    /// <summary>JPEG is lossy: a colour is right when every channel is within a small distance.</summary>
    private static void ShouldBeNear(SKColor actual, SKColor expected)
    {
        var distance = Math.Max(Math.Abs(actual.Red - expected.Red), Math.Max(Math.Abs(actual.Green - expected.Green), Math.Abs(actual.Blue - expected.Blue)));
        distance.ShouldBeLessThan(40, $"expected about {expected}, got {actual}");
    }

    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
