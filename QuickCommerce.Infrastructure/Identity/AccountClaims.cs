namespace QuickCommerce.Infrastructure.Identity;

/// <summary>Claim types of our own, beside the standard name, id and role claims.</summary>
public static class AccountClaims
{
    /// <summary>The account's approval status (Pending, Approved, Rejected, Suspended).</summary>
    public const string Approval = "qc:approval";

    /// <summary>A hash of the security stamp the token or cookie was issued under.</summary>
    public const string Stamp = "qc:stamp";
}
