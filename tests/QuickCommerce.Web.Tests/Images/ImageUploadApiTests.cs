using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Minio;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Images;
using SkiaSharp;

namespace QuickCommerce.Web.Tests.Images;

/// <summary>
/// Product and shop photos through the API, stored in the real S3 server (s3rver) and served back by
/// the app. s3rver does not check signatures, so these tests cannot catch wrong credentials.
/// </summary>
public sealed class ImageUploadApiTests : AppTest, IDisposable
{
    private const string Bucket = "quickcommerce-test";

    private ApplicationUser _merchant = null!;
    private Store _store = null!;
    private Product _atta = null!;
    private Product _otherShopsProduct = null!;
    private HttpClient _owner = null!;
    private HttpClient _otherMerchant = null!;
    private HttpClient _anonymous = null!;

    public void Dispose()
    {
        _owner.Dispose();
        _otherMerchant.Dispose();
        _anonymous.Dispose();
    }

    protected override async Task StartedAsync()
    {
        _merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        var other = await TestAccounts.CreateAsync(App, Roles.Merchant);
        _store = Owned("Sri Balaji Kirana", _merchant.Id);
        var otherStore = Owned("Lakshmi Stores", other.Id);
        _atta = DemoShop.Product(_store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: 10);
        _otherShopsProduct = DemoShop.Product(otherStore, "Fortune Atta", pricePaise: 4000, mrpPaise: 4000, stock: 10);
        await using (var db = Database.NewContext())
        {
            db.Stores.AddRange(_store, otherStore);
            db.Products.AddRange(_atta, _otherShopsProduct);
            await db.SaveChangesAsync();
        }

        _owner = await TestAccounts.ClientForAsync(App, _merchant);
        _otherMerchant = await TestAccounts.ClientForAsync(App, other);
        _anonymous = App.CreateClient();
    }

    [Fact]
    public async Task An_uploaded_photo_is_stored_in_two_sizes_without_its_metadata_and_served_with_immutable_caching()
    {
        var upload = TestPhotos.WithExif(TestPhotos.Jpeg(3000, 2000), orientation: 1, make: "SecretCam GPS 12.97N 77.64E");

        var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(upload, "IMG_2041.jpg", "image/jpeg"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var links = (await response.Content.ReadFromJsonAsync<ImageLinks>())!;
        var key = await ImageKeyAsync(_atta.Id);
        key.ShouldNotBeNull();
        links.ShouldBe(ImageLinks.Of(key));
        links.Small.ShouldMatch($"^/images/products/{_atta.Id:N}/[0-9a-f]{{32}}-s\\.jpg$");
        (await ObjectsAsync(_atta.Id)).ShouldBe([ImageKeys.Large(key), ImageKeys.Small(key)], ignoreOrder: true);

        foreach (var (url, side) in new[] { (links.Small, 160), (links.Large, 800) })
        {
            var served = await _anonymous.GetAsync(url);
            served.StatusCode.ShouldBe(HttpStatusCode.OK);
            served.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
            served.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
            served.Headers.ETag.ShouldNotBeNull();
            var bytes = await served.Content.ReadAsByteArrayAsync();
            served.Content.Headers.ContentLength.ShouldBe(bytes.Length);
            using var image = SKBitmap.Decode(bytes);
            (image.Width, image.Height).ShouldBe((side, side));
            Contains(bytes, "SecretCam").ShouldBeFalse();
            Contains(bytes, "Exif").ShouldBeFalse();

            // A browser holding the copy asks again with its ETag: nothing to send.
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(served.Headers.ETag);
            var notModified = await _anonymous.SendAsync(again);
            notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
            notModified.Headers.ETag.ShouldBe(served.Headers.ETag);
        }
    }

    [Fact]
    public async Task A_new_photo_replaces_the_old_pair_and_the_old_urls_stop_working()
    {
        var first = await UploadAsync(TestPhotos.Png(600, 600, SKColors.Green, SKColors.Yellow));
        var second = await UploadAsync(TestPhotos.Png(600, 600, SKColors.Purple, SKColors.Orange));

        second.Small.ShouldNotBe(first.Small);
        var key = (await ImageKeyAsync(_atta.Id))!;
        (await ObjectsAsync(_atta.Id)).ShouldBe([ImageKeys.Large(key), ImageKeys.Small(key)], ignoreOrder: true);
        (await _anonymous.GetAsync(first.Small)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _anonymous.GetAsync(first.Large)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _anonymous.GetAsync(second.Small)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Photos_sent_at_once_from_two_devices_leave_exactly_the_winners_pair()
    {
        SKColor[] colours = [SKColors.Red, SKColors.Green, SKColors.Blue, SKColors.Yellow, SKColors.Purple, SKColors.Orange];
        var uploads = colours.Select(async colour =>
        {
            var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(TestPhotos.Png(400, 300, colour, SKColors.White), "photo.png", "image/png"));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        });

        await Task.WhenAll(uploads);

        // Each switch happens under the row lock and deletes the photo it replaced: no orphan survives.
        var key = (await ImageKeyAsync(_atta.Id))!;
        (await ObjectsAsync(_atta.Id)).ShouldBe([ImageKeys.Large(key), ImageKeys.Small(key)], ignoreOrder: true);
    }

    [Fact]
    public async Task Sending_the_same_photo_again_keeps_it()
    {
        var photo = TestPhotos.Png(500, 400);
        var first = await UploadAsync(photo);
        var again = await UploadAsync(photo);

        again.ShouldBe(first);
        (await _anonymous.GetAsync(again.Large)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ObjectsAsync(_atta.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Deleting_the_photo_removes_both_objects()
    {
        var links = await UploadAsync(TestPhotos.Png(300, 300));

        (await _owner.DeleteAsync(ImageOf(_atta.Id))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ImageKeyAsync(_atta.Id)).ShouldBeNull();
        (await ObjectsAsync(_atta.Id)).ShouldBeEmpty();
        (await _anonymous.GetAsync(links.Small)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var text = Encoding.UTF8.GetBytes("Shopping list: atta, doodh, paneer. Definitely not a photo.");

        var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(text, "photo.jpg", "image/jpeg"));

        await ShouldBeRefusedAsync(response, ImagePipeline.UnreadableMessage);
    }

    [Fact]
    public async Task A_truncated_jpeg_is_refused()
    {
        var jpeg = TestPhotos.Jpeg(1600, 1200);

        var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(jpeg[..(jpeg.Length / 2)]));

        await ShouldBeRefusedAsync(response, ImagePipeline.DamagedMessage);
    }

    [Theory]
    [InlineData((5 * 1024 * 1024) + 1)]
    [InlineData(12 * 1024 * 1024)]
    public async Task A_photo_over_5_MB_is_refused(int size)
    {
        var big = new byte[size];
        TestPhotos.Jpeg(100, 100).CopyTo(big, 0);

        var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(big));

        await ShouldBeRefusedAsync(response, "Photos must be under 5 MB.");
    }

    [Fact]
    public async Task A_png_claiming_20000_by_20000_pixels_is_refused_from_its_header()
    {
        var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(TestPhotos.PngHeaderClaiming(20_000, 20_000), "bomb.png", "image/png"));

        var pipeline = App.Services.GetRequiredService<ImagePipeline>();
        await ShouldBeRefusedAsync(response, pipeline.TooManyPixelsMessage);
    }

    [Fact]
    public async Task An_upload_without_a_file_is_refused()
    {
        var response = await _owner.PostAsync(ImageOf(_atta.Id), new MultipartFormDataContent { { new StringContent("x"), "note" } });

        await ShouldBeRefusedAsync(response, ImagePipeline.EmptyMessage);
    }

    [Fact]
    public async Task Another_merchants_product_is_not_found_and_keeps_its_photo()
    {
        var photo = TestPhotos.Form(TestPhotos.Png(300, 300));

        (await _owner.PostAsync(ImageOf(_otherShopsProduct.Id), photo)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _owner.DeleteAsync(ImageOf(_otherShopsProduct.Id))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _owner.PostAsync(ImageOf(Guid.NewGuid()), TestPhotos.Form(TestPhotos.Png(300, 300)))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await ImageKeyAsync(_otherShopsProduct.Id)).ShouldBeNull();
        (await ObjectsAsync(_otherShopsProduct.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_shop_photo_is_set_shown_in_nearby_stores_and_taken_down()
    {
        var response = await _owner.PostAsync("/api/v1/merchant/store/photo", TestPhotos.Form(TestPhotos.Png(1024, 768), "shop.png", "image/png"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var links = (await response.Content.ReadFromJsonAsync<ImageLinks>())!;
        links.Small.ShouldStartWith($"/images/stores/{_store.Id:N}/");

        var home = await _anonymous.GetStringAsync("/?place=560038");
        home.ShouldContain($"<img class=\"store-photo\" src=\"{links.Small}\" width=\"48\" height=\"48\" loading=\"lazy\" alt />");
        (await _anonymous.GetAsync(links.Small)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The settings screen's link to it is one the image endpoint serves.
        var photoUrl = (await _owner.GetFromJsonAsync<JsonElement>("/api/v1/merchant/store")).GetProperty("photoUrl").GetString();
        photoUrl.ShouldBe(links.Large);
        (await _anonymous.GetAsync(photoUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _owner.DeleteAsync("/api/v1/merchant/store/photo")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await using var db = Database.NewContext();
        (await db.Stores.SingleAsync(s => s.Id == _store.Id)).PhotoKey.ShouldBeNull();
        (await TestPhotos.ObjectsUnderAsync(Minio, Bucket, $"stores/{_store.Id:N}/")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_store_page_shows_one_lazy_thumbnail_for_a_product_with_a_photo_and_none_for_the_others()
    {
        await using (var db = Database.NewContext())
        {
            db.Products.Add(DemoShop.Product(_store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 30, categoryId: 6));
            await db.SaveChangesAsync();
        }

        var links = await UploadAsync(TestPhotos.Png(400, 400));

        var html = await _anonymous.GetStringAsync($"/stores/{_store.Id}");

        html.ShouldContain($"<img class=\"thumb\" src=\"{links.Small}\" width=\"56\" height=\"56\" loading=\"lazy\" alt />");
        CountOf(html, "<img ").ShouldBe(1);
        html.ShouldContain("class=\"product has-img\"");
    }

    [Fact]
    public async Task A_store_page_without_photos_carries_no_image_markup_or_styles()
    {
        var html = await _anonymous.GetStringAsync($"/stores/{_store.Id}");

        html.ShouldNotContain("<img ");
        html.ShouldNotContain("has-img");
    }

    [Theory]
    [InlineData("/images/../appsettings.json")]
    [InlineData("/images/products/..%2F..%2Fappsettings.json")]
    [InlineData("/images/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/images/products/%2e%2e/stores/x-s.jpg")]
    [InlineData("/images/quickcommerce-test/anything")]
    [InlineData("/images/other/0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef-s.jpg")]
    [InlineData("/images/products/0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef-s.jpg")]
    [InlineData("/images/products/0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef-s.jpg%0A")]
    [InlineData("/images/products/0123456789ABCDEF0123456789ABCDEF/0123456789abcdef0123456789abcdef-s.jpg")]
    [InlineData("/images/")]
    public async Task Keys_outside_the_photo_names_are_not_found(string path)
    {
        var response = await _anonymous.GetAsync(path);

        ((int)response.StatusCode).ShouldBeOneOf(400, 404);
    }

    [Fact]
    public async Task An_upload_signed_in_by_cookie_needs_the_pages_antiforgery_token()
    {
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, ImageOf(_atta.Id)) { Content = TestPhotos.Form(TestPhotos.Png(300, 300)) };
        request.Headers.Add("Cookie", await CookieForAsync(_merchant.Id));

        var response = await browser.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ImageKeyAsync(_atta.Id)).ShouldBeNull();
        (await ObjectsAsync(_atta.Id)).ShouldBeEmpty();
    }

    private IMinioClient Minio => App.Services.GetRequiredService<IMinioClient>();

    private static string ImageOf(Guid productId) => $"/api/v1/merchant/inventory/products/{productId}/image";

    private static Store Owned(string name, Guid ownerId)
    {
        var store = new Store(Guid.NewGuid(), ownerId, name, "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        return store;
    }

    private async Task<ImageLinks> UploadAsync(byte[] photo)
    {
        var response = await _owner.PostAsync(ImageOf(_atta.Id), TestPhotos.Form(photo, "photo.png", "image/png"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ImageLinks>())!;
    }

    private async Task ShouldBeRefusedAsync(HttpResponseMessage response, string message)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe(message);
        problem.GetProperty("errors").GetProperty("file")[0].GetString().ShouldBe(message);
        (await ImageKeyAsync(_atta.Id)).ShouldBeNull();
        (await ObjectsAsync(_atta.Id)).ShouldBeEmpty();
    }

    private async Task<string?> ImageKeyAsync(Guid productId)
    {
        await using var db = Database.NewContext();
        return await db.Products.Where(p => p.Id == productId).Select(p => p.ImageKey).SingleAsync();
    }

    private Task<List<string>> ObjectsAsync(Guid productId) => TestPhotos.ObjectsUnderAsync(Minio, Bucket, $"products/{productId:N}/");

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The Identity cookie a browser holds after signing in, made with the app's own principal factory and data protection.</summary>
    private async Task<string> CookieForAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId.ToString()))!;
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }
}
