using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>How API access tokens are signed and how long tokens live. The key comes from configuration, never code.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required]
    public string Issuer { get; set; } = "quickcommerce";

    [Required]
    public string Audience { get; set; } = "quickcommerce-api";

    /// <summary>HMAC-SHA256 key, at least 32 characters.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = string.Empty;

    [Range(1, 60)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 90)]
    public int RefreshTokenDays { get; set; } = 30;
}
