using Microsoft.AspNetCore.Identity;
using QuickCommerce.Core.Accounts;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>
/// Everyone who signs in: customers, merchants, riders and admins, one role each. Merchants and
/// riders start Pending and act only once an admin approves them; anyone can be suspended.
/// </summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public string FullName { get; set; } = string.Empty;

    /// <summary>The one role (also stored as an Identity role, which the claims come from).</summary>
    public string Role { get; set; } = Roles.Customer;

    public ApprovalStatus Approval { get; set; } = ApprovalStatus.Approved;

    /// <summary>Why an admin rejected or suspended the account; shown to its owner.</summary>
    public string? ApprovalReason { get; set; }

    /// <summary>Riders only: what they deliver on.</summary>
    public string? VehicleType { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ApprovalChangedAt { get; set; }

    /// <summary>May this account act in its role now? Customers and admins need no approval.</summary>
    public bool CanAct => Approval == ApprovalStatus.Approved;
}

/// <summary>The four role names, as stored in the Identity role table and in claims.</summary>
public static class Roles
{
    public const string Customer = "Customer";
    public const string Merchant = "Merchant";
    public const string Rider = "Rider";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Customer, Merchant, Rider, Admin];

    /// <summary>Roles whose accounts wait for an admin before they can act.</summary>
    public static bool NeedsApproval(string role) => role is Merchant or Rider;
}
