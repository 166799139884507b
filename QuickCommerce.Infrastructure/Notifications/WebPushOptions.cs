using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace QuickCommerce.Infrastructure.Notifications;

/// <summary>
/// The server's VAPID identity for Web Push (RFC 8292). Both keys empty: push is off (the public-key
/// endpoint answers 404 and nothing is sent). Production supplies its own pair through
/// WebPush__PublicKey / WebPush__PrivateKey; a new pair invalidates every browser's subscription.
/// </summary>
public sealed class WebPushOptions : IValidatableObject
{
    public const string Section = "WebPush";

    /// <summary>Uncompressed P-256 public key (65 bytes), base64url: the browser's applicationServerKey.</summary>
    public string PublicKey { get; set; } = string.Empty;

    /// <summary>The P-256 private scalar (32 bytes), base64url. A secret.</summary>
    public string PrivateKey { get; set; } = string.Empty;

    /// <summary>Who push services contact about our traffic: a mailto: or https: URI.</summary>
    public string Subject { get; set; } = "mailto:ops@quickcommerce.example";

    /// <summary>How long a push service keeps a message for a device that is offline. Defaults to an hour: an older order alert is stale.</summary>
    [Range(0, 2_419_200)]
    public int TimeToLiveSeconds { get; set; } = 3600;

    /// <summary>
    /// Push services a subscription may point at (a host or a parent domain). The server POSTs to
    /// whatever endpoint a signed-in user saves, so anything else (an internal address, the app
    /// itself) is refused: no request forgery through a crafted subscription.
    /// </summary>
    public IList<string> AllowedEndpointHosts { get; } =
        ["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"];

    /// <summary>Also accept http://127.0.0.1-style endpoints: for tests with a local recording push service only.</summary>
    public bool AllowLoopbackEndpoints { get; set; }

    /// <summary>May the server send pushes to <paramref name="endpoint"/>?</summary>
    public bool IsAllowedEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // Uri.IsLoopback is also true of file:// paths ("/push/abc" parses as one on Linux).
        if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
        {
            return false;
        }

        if (endpoint.IsLoopback)
        {
            return AllowLoopbackEndpoints;
        }

        return endpoint.Scheme == Uri.UriSchemeHttps
            && AllowedEndpointHosts.Any(host => endpoint.Host.Equals(host, StringComparison.OrdinalIgnoreCase)
                || endpoint.Host.EndsWith("." + host, StringComparison.OrdinalIgnoreCase));
    }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PublicKey) && !string.IsNullOrWhiteSpace(PrivateKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PublicKey) && string.IsNullOrWhiteSpace(PrivateKey))
        {
            yield break;
        }

        if (!IsConfigured)
        {
            yield return new ValidationResult("Set both WebPush:PublicKey and WebPush:PrivateKey, or neither.", [nameof(PublicKey), nameof(PrivateKey)]);
            yield break;
        }

        var publicKey = DecodeOrNull(PublicKey);
        var privateKey = DecodeOrNull(PrivateKey);
        if (publicKey is not { Length: 65 } || publicKey[0] != 0x04)
        {
            yield return new ValidationResult("WebPush:PublicKey must be an uncompressed P-256 public key (65 bytes, base64url).", [nameof(PublicKey)]);
        }
        else if (privateKey is not { Length: 32 })
        {
            yield return new ValidationResult("WebPush:PrivateKey must be a P-256 private key (32 bytes, base64url).", [nameof(PrivateKey)]);
        }
        else if (!IsPair(publicKey, privateKey))
        {
            // A mismatched pair signs tokens no push service accepts: every push would fail with 403.
            yield return new ValidationResult("WebPush:PublicKey is not the public half of WebPush:PrivateKey.", [nameof(PublicKey)]);
        }

        if (!Subject.StartsWith("mailto:", StringComparison.Ordinal)
            && !(Uri.TryCreate(Subject, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("WebPush:Subject must be a mailto: or https: URI.", [nameof(Subject)]);
        }
    }

    private static byte[]? DecodeOrNull(string value) =>
        Base64Url.IsValid(value) ? Base64Url.DecodeFromChars(value) : null;

    private static bool IsPair(byte[] publicKey, byte[] privateKey)
    {
        try
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateKey });
            var q = key.ExportParameters(includePrivateParameters: false).Q;
            return q.X.AsSpan().SequenceEqual(publicKey.AsSpan(1, 32)) && q.Y.AsSpan().SequenceEqual(publicKey.AsSpan(33, 32));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
