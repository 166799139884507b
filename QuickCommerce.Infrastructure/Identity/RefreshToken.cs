namespace QuickCommerce.Infrastructure.Identity;

/// <summary>
/// One opaque refresh token, stored only as its SHA-256 hash. Single use: refreshing marks it used
/// and issues the next one in the same family; presenting a used token again means it leaked,
/// so the whole family is revoked (reuse detection).
/// </summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>All tokens descended from one sign-in share a family.</summary>
    public Guid FamilyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token the client holds.</summary>
    public string TokenHash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }
}
