namespace QuickCommerce.Infrastructure.Idempotency;

/// <summary>
/// One Idempotency-Key a user has sent, with a hash of the request it came with and, once the
/// request finished, the response to replay. Kept 7 days: at least as long as the service worker
/// keeps a queued action, so a late replay can never create a second order.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid UserId { get; set; }

    public Guid Key { get; set; }

    /// <summary>SHA-256 (hex) of method, path and body: the same key with another body is refused.</summary>
    public string RequestHash { get; set; } = string.Empty;

    /// <summary>Null while the first request is still being processed.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The JSON body of the first response.</summary>
    public string? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
