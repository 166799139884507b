namespace QuickCommerce.Infrastructure.Notifications;

/// <summary>
/// One device's Web Push subscription (what the browser's PushManager.subscribe returned): the
/// push service endpoint and the keys that encrypt messages for that device only.
/// </summary>
public sealed class PushSubscription
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The push service URL for this device; unique: a device re-subscribing replaces its row.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The device's P-256 public key (base64url).</summary>
    public string P256dh { get; set; } = string.Empty;

    /// <summary>The device's authentication secret (base64url).</summary>
    public string Auth { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a push to it last succeeded.</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>Failures in a row; the subscription is dropped when the push service says it is gone.</summary>
    public int FailureCount { get; set; }
}
