namespace QuickCommerce.Core.Accounts;

/// <summary>Where a store (or a merchant or rider account) stands with the platform's admins.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Suspended,
}
