using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>What every authenticated request re-checks: is this still the account the credential was issued to?</summary>
public sealed record AccountStatus(Guid UserId, string Role, ApprovalStatus Approval, string StampHash)
{
    public bool IsSuspended => Approval == ApprovalStatus.Suspended;
}

/// <summary>
/// Reads an account's current role, approval and security stamp in one primary-key lookup, so a
/// suspension or sign-out-everywhere takes effect on the very next request, for cookies and JWTs alike.
/// </summary>
public sealed class AccountStatusReader(QuickCommerceDbContext db)
{
    public async Task<AccountStatus?> FindAsync(Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.Users
            .AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Role, u.Approval, u.SecurityStamp })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new AccountStatus(row.Id, row.Role, row.Approval, HashStamp(row.SecurityStamp));
    }

    /// <summary>The stamp itself never leaves the server; tokens carry a short hash of it.</summary>
    public static string HashStamp(string? stamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stamp ?? string.Empty)))[..16];
}
