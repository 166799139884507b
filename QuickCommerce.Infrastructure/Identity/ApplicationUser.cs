using Microsoft.AspNetCore.Identity;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>Everyone who signs in: customers, merchants, riders and admins (one role each).</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The four role names, as stored in the Identity role table.</summary>
public static class Roles
{
    public const string Customer = "Customer";
    public const string Merchant = "Merchant";
    public const string Rider = "Rider";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Customer, Merchant, Rider, Admin];
}
