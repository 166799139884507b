using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>/api/v1/push: the public key, saving a browser's subscription and forgetting it.</summary>
public sealed class PushSubscriptionApiTests : AppTest, IDisposable
{
    private const string Subscriptions = "/api/v1/push/subscriptions";

    private ApplicationUser _customer = null!;
    private HttpClient _customerClient = null!;
    private ApplicationUser _rider = null!;
    private HttpClient _riderClient = null!;

    public void Dispose()
    {
        _customerClient.Dispose();
        _riderClient.Dispose();
    }

    protected override async Task StartedAsync()
    {
        _customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        _customerClient = await TestAccounts.ClientForAsync(App, _customer);
        _rider = await TestAccounts.CreateAsync(App, Roles.Rider);
        _riderClient = await TestAccounts.ClientForAsync(App, _rider);
    }

    [Fact]
    public async Task The_public_key_is_the_servers_vapid_key()
    {
        var answer = await _riderClient.GetFromJsonAsync<JsonElement>("/api/v1/push/public-key");

        answer.GetProperty("publicKey").GetString().ShouldBe(TestServices.WebPushPublicKey);
    }

    [Fact]
    public async Task A_new_device_is_created_and_saving_it_again_updates_its_keys()
    {
        using var browser = new TestBrowser(Endpoint());
        (await _customerClient.PostAsJsonAsync(Subscriptions, browser.Subscription)).StatusCode.ShouldBe(HttpStatusCode.Created);

        // The browser made new keys for the same endpoint (as after a reinstall of the service worker).
        using var renewed = new TestBrowser(browser.Endpoint);
        (await _customerClient.PostAsJsonAsync(Subscriptions, renewed.Subscription)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var saved = (await SubscriptionsAsync()).ShouldHaveSingleItem();
        saved.UserId.ShouldBe(_customer.Id);
        saved.P256dh.ShouldBe(Base64Url.EncodeToString(renewed.PublicKey));
        saved.Auth.ShouldBe(Base64Url.EncodeToString(renewed.AuthSecret));
    }

    [Fact]
    public async Task An_endpoint_saved_by_someone_else_becomes_the_callers()
    {
        // One phone, two people: the alerts follow whoever signed in last.
        using var browser = new TestBrowser(Endpoint());
        (await _riderClient.PostAsJsonAsync(Subscriptions, browser.Subscription)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await _customerClient.PostAsJsonAsync(Subscriptions, browser.Subscription)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await SubscriptionsAsync()).ShouldHaveSingleItem().UserId.ShouldBe(_customer.Id);
    }

    [Fact]
    public async Task An_eleventh_device_drops_the_one_subscribed_longest_ago()
    {
        var endpoints = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            using var browser = new TestBrowser(Endpoint());
            (await _customerClient.PostAsJsonAsync(Subscriptions, browser.Subscription)).StatusCode.ShouldBe(HttpStatusCode.Created);
            endpoints.Add(browser.Endpoint);
        }

        var kept = (await SubscriptionsAsync()).Select(s => s.Endpoint).ToList();
        kept.Count.ShouldBe(10);
        kept.ShouldNotContain(endpoints[0]);
        kept.ShouldBe(endpoints[1..], ignoreOrder: true);
    }

    [Theory]
    [InlineData(null, "endpoint")]
    [InlineData("", "endpoint")]
    [InlineData("/push/abc", "endpoint")]
    [InlineData("http://push.example.com/abc", "endpoint")]
    [InlineData("ftp://push.example.com/abc", "endpoint")]
    [InlineData("not a url", "endpoint")]
    [InlineData("https://push.example.com/abc", "endpoint")]
    [InlineData("https://10.0.0.5/internal", "endpoint")]
    [InlineData("https://fcm.googleapis.com.evil.example/abc", "endpoint")]
    public async Task A_bad_endpoint_is_refused_naming_the_field(string? endpoint, string field)
    {
        using var browser = new TestBrowser(Endpoint());
        var keys = new { p256dh = Base64Url.EncodeToString(browser.PublicKey), auth = Base64Url.EncodeToString(browser.AuthSecret) };

        await ShouldBeRefusedAsync(new { endpoint, keys }, field);
    }

    [Theory]
    [InlineData("missing", "keys.p256dh")]
    [InlineData("short", "keys.p256dh")]
    [InlineData("compressed", "keys.p256dh")]
    [InlineData("off-curve", "keys.p256dh")]
    [InlineData("not-base64url", "keys.p256dh")]
    [InlineData("auth-missing", "keys.auth")]
    [InlineData("auth-15-bytes", "keys.auth")]
    [InlineData("auth-not-base64url", "keys.auth")]
    public async Task Bad_keys_are_refused_naming_the_field(string what, string field)
    {
        using var browser = new TestBrowser(Endpoint());
        var p256dh = Base64Url.EncodeToString(browser.PublicKey);
        var auth = Base64Url.EncodeToString(browser.AuthSecret);
        var offCurve = browser.PublicKey;
        offCurve[^1] ^= 0x01;
        var compressed = browser.PublicKey;
        compressed[0] = 0x02;
        (p256dh, auth) = what switch
        {
            "missing" => (null!, auth),
            "short" => (Base64Url.EncodeToString(browser.PublicKey.AsSpan(0, 64)), auth),
            "compressed" => (Base64Url.EncodeToString(compressed), auth),
            "off-curve" => (Base64Url.EncodeToString(offCurve), auth),
            "not-base64url" => ("not base64url!", auth),
            "auth-missing" => (p256dh, null!),
            "auth-15-bytes" => (p256dh, Base64Url.EncodeToString(browser.AuthSecret.AsSpan(0, 15))),
            "auth-not-base64url" => (p256dh, "@@@@"),
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };

        await ShouldBeRefusedAsync(new { endpoint = browser.Endpoint, keys = new { p256dh, auth } }, field);
    }

    [Fact]
    public async Task A_subscription_without_keys_is_refused()
    {
        await ShouldBeRefusedAsync(new { endpoint = Endpoint() }, "keys.p256dh");
    }

    [Fact]
    public async Task Padded_base64_keys_are_accepted_and_stored_unpadded()
    {
        using var browser = new TestBrowser(Endpoint());
        var body = new
        {
            endpoint = browser.Endpoint,
            keys = new { p256dh = Base64Url.EncodeToString(browser.PublicKey) + "=", auth = Base64Url.EncodeToString(browser.AuthSecret) + "==" },
        };

        (await _customerClient.PostAsJsonAsync(Subscriptions, body)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await SubscriptionsAsync()).ShouldHaveSingleItem().Auth.ShouldBe(Base64Url.EncodeToString(browser.AuthSecret));
    }

    [Fact]
    public async Task Deleting_ones_own_device_forgets_it()
    {
        using var browser = new TestBrowser(Endpoint());
        (await _customerClient.PostAsJsonAsync(Subscriptions, browser.Subscription)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await _customerClient.DeleteAsync($"{Subscriptions}?endpoint={Uri.EscapeDataString(browser.Endpoint)}");

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await SubscriptionsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Someone_elses_device_or_an_unknown_one_is_not_found_and_kept()
    {
        using var browser = new TestBrowser(Endpoint());
        (await _customerClient.PostAsJsonAsync(Subscriptions, browser.Subscription)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var others = await _riderClient.DeleteAsync($"{Subscriptions}?endpoint={Uri.EscapeDataString(browser.Endpoint)}");
        var unknown = await _customerClient.DeleteAsync($"{Subscriptions}?endpoint={Uri.EscapeDataString(Endpoint())}");

        others.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await SubscriptionsAsync()).ShouldHaveSingleItem().UserId.ShouldBe(_customer.Id);
    }

    [Fact]
    public async Task Deleting_without_an_endpoint_is_refused_naming_the_field()
    {
        var response = await _customerClient.DeleteAsync(Subscriptions);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("endpoint", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task The_web_push_sender_is_registered_when_the_keys_are_configured()
    {
        await using var scope = App.Services.CreateAsyncScope();

        scope.ServiceProvider.GetServices<IDevicePush>().ShouldHaveSingleItem().ShouldBeOfType<WebPushSender>();
    }

    private static string Endpoint() => $"https://fcm.googleapis.com/fcm/send/{Guid.NewGuid():N}";

    private async Task ShouldBeRefusedAsync(object body, string field)
    {
        var response = await _customerClient.PostAsJsonAsync(Subscriptions, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        (await SubscriptionsAsync()).ShouldBeEmpty();
    }

    private async Task<List<PushSubscription>> SubscriptionsAsync()
    {
        await using var db = Database.NewContext();
        return await db.PushSubscriptions.AsNoTracking().ToListAsync();
    }
}

/// <summary>A server without a VAPID key pair: push is off, and says so.</summary>
public sealed class UnconfiguredPushTests : AppTest
{
    protected override void Configure(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["WebPush:PublicKey"] = string.Empty;
        app.Settings["WebPush:PrivateKey"] = string.Empty;
    }

    [Fact]
    public async Task The_public_key_is_not_found_with_a_reason()
    {
        using var client = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));

        var response = await client.GetAsync("/api/v1/push/public-key");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            .ShouldBe("Push notifications are not set up on this server.");
    }

    [Fact]
    public async Task No_device_push_is_registered()
    {
        App.StartServer();
        await using var scope = App.Services.CreateAsyncScope();

        scope.ServiceProvider.GetServices<IDevicePush>().ShouldBeEmpty();
    }
}
