using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>
/// Notifier → WebPushSender → a push service, end to end: a browser subscribes through the API with
/// real keys, a stand-in push service on loopback records what the server sends, and the test decrypts
/// it as the browser would.
/// </summary>
public sealed class WebPushDeliveryTests : AppTest, IDisposable
{
    private PushServiceRecorder _pushService = null!;
    private ApplicationUser _customer = null!;
    private HttpClient _customerClient = null!;

    public void Dispose()
    {
        _customerClient.Dispose();
        _pushService.Dispose();
    }

    protected override async Task StartedAsync()
    {
        _pushService = await PushServiceRecorder.StartAsync();
        _customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        _customerClient = await TestAccounts.ClientForAsync(App, _customer);
    }

    [Fact]
    public async Task A_notification_reaches_the_device_encrypted_for_it_and_signed_with_the_servers_vapid_key()
    {
        using var browser = await SubscribeAsync();
        var link = $"/orders/{Guid.NewGuid()}";

        var sent = await NotifyAsync(new Notification(_customer.Id, "Order accepted", "Sharma Kirana is packing your order. ₹240, cash on delivery.", link));

        sent.ShouldBeTrue();
        var push = _pushService.Received.ShouldHaveSingleItem();
        push.Method.ShouldBe("POST");
        push.Path.ShouldBe(new Uri(browser.Endpoint).AbsolutePath);
        push.Header("Content-Encoding").ShouldBe("aes128gcm");
        push.Header("Urgency").ShouldBe("high");
        push.Header("TTL").ShouldBe("3600");
        VerifyVapid(push.Header("Authorization"), audience: $"http://{_pushService.Address.Host}");

        var message = JsonDocument.Parse(browser.Decrypt(push.Body)).RootElement;
        message.GetProperty("title").GetString().ShouldBe("Order accepted");
        message.GetProperty("body").GetString().ShouldBe("Sharma Kirana is packing your order. ₹240, cash on delivery.");
        message.GetProperty("link").GetString().ShouldBe(link);

        var saved = await SubscriptionAsync(browser.Endpoint);
        saved.ShouldNotBeNull().LastSuccessAt.ShouldNotBeNull();
        saved.FailureCount.ShouldBe(0);
    }

    [Fact]
    public async Task Every_device_of_the_person_gets_the_notification_and_nobody_elses_does()
    {
        using var phone = await SubscribeAsync();
        using var laptop = await SubscribeAsync();
        var someoneElse = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var othersClient = await TestAccounts.ClientForAsync(App, someoneElse);
        using var othersPhone = await SubscribeAsync(othersClient);

        await NotifyAsync(new Notification(_customer.Id, "Out for delivery", "Ravi is on the way.", null));

        _pushService.Received.Select(p => p.Path).Order(StringComparer.Ordinal)
            .ShouldBe(new[] { phone, laptop }.Select(b => new Uri(b.Endpoint).AbsolutePath).Order(StringComparer.Ordinal));
        var message = JsonDocument.Parse(laptop.Decrypt(_pushService.Received.Single(p => laptop.Endpoint.EndsWith(p.Path, StringComparison.Ordinal)).Body)).RootElement;
        message.GetProperty("link").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(HttpStatusCode.Gone)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_subscription_the_push_service_says_is_gone_is_deleted(HttpStatusCode answer)
    {
        using var browser = await SubscribeAsync();
        _pushService.Answer = (int)answer;

        var sent = await NotifyAsync(new Notification(_customer.Id, "Delivered", "Enjoy your order.", null));

        sent.ShouldBeTrue();
        _pushService.Received.ShouldHaveSingleItem();
        (await SubscriptionAsync(browser.Endpoint)).ShouldBeNull();
    }

    [Fact]
    public async Task A_push_service_error_is_counted_and_the_notifier_still_returns()
    {
        using var browser = await SubscribeAsync();
        _pushService.Answer = StatusCodes.Status500InternalServerError;

        var sent = await NotifyAsync(new Notification(_customer.Id, "Order accepted", "Packing now.", null));

        sent.ShouldBeTrue();
        _pushService.Received.ShouldHaveSingleItem();
        var saved = (await SubscriptionAsync(browser.Endpoint)).ShouldNotBeNull();
        saved.FailureCount.ShouldBe(1);
        saved.LastSuccessAt.ShouldBeNull();
    }

    [Fact]
    public async Task An_unreachable_push_service_is_counted_as_a_failure()
    {
        // A loopback port nobody listens on: the connection is refused.
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var browser = await SubscribeAsync(endpoint: $"http://127.0.0.1:{closedPort}/push/{Guid.NewGuid():N}");

        (await NotifyAsync(new Notification(_customer.Id, "Order accepted", "Packing now.", null))).ShouldBeTrue();

        (await SubscriptionAsync(browser.Endpoint)).ShouldNotBeNull().FailureCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_person_without_subscriptions_is_sent_nothing()
    {
        var sent = await NotifyAsync(new Notification(_customer.Id, "Order accepted", "Packing now.", null));

        sent.ShouldBeTrue();
        _pushService.Received.ShouldBeEmpty();
    }

    private async Task<TestBrowser> SubscribeAsync(HttpClient? client = null, string? endpoint = null)
    {
        var browser = new TestBrowser(endpoint ?? _pushService.NewEndpoint());
        var response = await (client ?? _customerClient).PostAsJsonAsync("/api/v1/push/subscriptions", browser.Subscription);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return browser;
    }

    private async Task<bool> NotifyAsync(Notification notification)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        return await notifier.NotifyAsync(notification, $"test:{Guid.NewGuid():N}", CancellationToken.None);
    }

    private async Task<PushSubscription?> SubscriptionAsync(string endpoint)
    {
        await using var db = Database.NewContext();
        return await db.PushSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Endpoint == endpoint);
    }

    /// <summary>"vapid t=JWT, k=PUBLIC KEY" (RFC 8292 §3): our key, and a token it signed for this push service.</summary>
    private static void VerifyVapid(string? authorization, string audience)
    {
        authorization.ShouldNotBeNull().ShouldStartWith("vapid ");
        var parameters = authorization["vapid ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        parameters["k"].ShouldBe(TestServices.WebPushPublicKey);

        var token = parameters["t"].Split('.');
        token.Length.ShouldBe(3);
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(token[1])).RootElement;
        claims.GetProperty("aud").GetString().ShouldBe(audience);
        claims.GetProperty("sub").GetString().ShouldBe("mailto:ops@quickcommerce.example");
        DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()).ShouldBeGreaterThan(DateTimeOffset.UtcNow);

        var publicKey = Base64Url.DecodeFromChars(TestServices.WebPushPublicKey);
        using var signer = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..] },
        });
        signer.VerifyData(Encoding.ASCII.GetBytes($"{token[0]}.{token[1]}"), Base64Url.DecodeFromChars(token[2]), HashAlgorithmName.SHA256)
            .ShouldBeTrue("the token is signed with the server's VAPID private key (ES256)");
    }
}
