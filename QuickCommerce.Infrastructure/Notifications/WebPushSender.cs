using System.Net;
using System.Text.Json;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using DeviceSubscription = Lib.Net.Http.WebPush.PushSubscription;

namespace QuickCommerce.Infrastructure.Notifications;

/// <summary>
/// Sends a notification to every browser the person has subscribed, through each browser's push
/// service (RFC 8030), encrypted for that device (RFC 8291, aes128gcm) and signed with our VAPID
/// key (RFC 8292). The service worker shows it. Best effort, as <see cref="IDevicePush"/> requires:
/// a failure is counted and logged, a subscription the push service says is gone is deleted.
/// </summary>
public sealed partial class WebPushSender(
    QuickCommerceDbContext db,
    IHttpClientFactory httpClients,
    IOptions<WebPushOptions> options,
    TimeProvider clock,
    ILogger<WebPushSender> logger) : IDevicePush
{
    /// <summary>The named HttpClient push requests go out on.</summary>
    public const string HttpClientName = "web-push";

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public async Task PushAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var devices = await db.PushSubscriptions.AsNoTracking()
            .Where(s => s.UserId == notification.RecipientId)
            .ToListAsync(cancellationToken);
        if (devices.Count == 0)
        {
            return;
        }

        var settings = options.Value;
        using var vapid = new VapidAuthentication(settings.PublicKey, settings.PrivateKey) { Subject = settings.Subject };
        var client = new PushServiceClient(httpClients.CreateClient(HttpClientName))
        {
            DefaultAuthentication = vapid,

            // "vapid t=…, k=…" (RFC 8292), which every current push service takes; the library's default is the older WebPush draft scheme.
            DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
        };
        var payload = JsonSerializer.Serialize(new { title = notification.Title, body = notification.Body, link = notification.Link }, PayloadJson);

        foreach (var device in devices)
        {
            var message = new PushMessage(payload) { Urgency = PushMessageUrgency.High, TimeToLive = settings.TimeToLiveSeconds };
            var target = new DeviceSubscription { Endpoint = device.Endpoint };
            target.SetKey(PushEncryptionKeyName.P256DH, device.P256dh);
            target.SetKey(PushEncryptionKeyName.Auth, device.Auth);
            try
            {
                await client.RequestPushMessageDeliveryAsync(target, message, cancellationToken);
                var now = clock.GetUtcNow();
                await db.PushSubscriptions.Where(s => s.Id == device.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastSuccessAt, now).SetProperty(s => s.FailureCount, 0), cancellationToken);
            }
            catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                // The browser unsubscribed or the subscription expired: it will never work again (RFC 8030 §7.3).
                LogGone(logger, device.Id, device.UserId, (int)ex.StatusCode);
                await db.PushSubscriptions.Where(s => s.Id == device.Id).ExecuteDeleteAsync(cancellationToken);
            }
            catch (Exception ex) when (IsDeliveryFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                var status = (ex as PushServiceClientException)?.StatusCode;
                LogFailed(logger, ex, device.Id, device.UserId, status is null ? null : (int)status, HostOf(device.Endpoint));
                await db.PushSubscriptions.Where(s => s.Id == device.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.FailureCount, s => s.FailureCount + 1), cancellationToken);
            }
        }
    }

    /// <summary>
    /// What a push service or the network can do to one delivery: refuse it, be unreachable, time out,
    /// or (for a device whose stored key no longer parses) make encryption impossible.
    /// </summary>
    private static bool IsDeliveryFailure(Exception ex) =>
        ex is PushServiceClientException or HttpRequestException or TaskCanceledException
            or System.Security.Cryptography.CryptographicException or ArgumentException or FormatException;

    // The endpoint URL identifies one device to its push service; the host is enough to tell services apart in the log.
    private static string HostOf(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Host : "(invalid endpoint)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Push subscription {SubscriptionId} of {UserId} is gone ({Status}); deleted it")]
    private static partial void LogGone(ILogger logger, Guid subscriptionId, Guid userId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push to subscription {SubscriptionId} of {UserId} failed (status {Status}, push service {Host})")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid subscriptionId, Guid userId, int? status, string host);
}
