using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Realtime;

namespace QuickCommerce.Web.Features.Admin;

/// <summary>An account as the admin's approval list shows it.</summary>
public sealed record AccountSummary(
    Guid Id,
    string FullName,
    string? Email,
    string? Phone,
    string Role,
    ApprovalStatus Approval,
    string? Reason,
    string? VehicleType,
    string? StoreName,
    DateTimeOffset CreatedAt);

/// <summary>
/// What admins do to accounts: approve or reject merchants and riders, suspend and reinstate
/// anyone. Suspension bites at once: the security stamp changes (every cookie and access token
/// fails on its next request), refresh tokens are revoked, live circuits are ended, and a
/// merchant's store disappears from customers.
/// </summary>
public sealed class AccountModeration(
    QuickCommerceDbContext db,
    UserManager<ApplicationUser> users,
    TokenService tokens,
    AccountRevocations revocations,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(ApprovalStatus? approval, string? role, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        if (approval is { } wanted)
        {
            query = query.Where(u => u.Approval == wanted);
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(u => u.Role == role);
        }

        return await query
            .OrderByDescending(u => u.CreatedAt)
            .Take(200)
            .Select(u => new AccountSummary(
                u.Id,
                u.FullName,
                u.Email,
                u.PhoneNumber,
                u.Role,
                u.Approval,
                u.ApprovalReason,
                u.VehicleType,
                db.Stores.Where(s => s.OwnerId == u.Id).Select(s => s.Name).FirstOrDefault(),
                u.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public Task<Result> ApproveAsync(Guid userId, Guid adminId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, adminId, ApprovalStatus.Approved, reason: null, [ApprovalStatus.Pending, ApprovalStatus.Rejected], cancellationToken);

    public Task<Result> RejectAsync(Guid userId, Guid adminId, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(userId, adminId, ApprovalStatus.Rejected, reason, [ApprovalStatus.Pending], cancellationToken);

    public Task<Result> SuspendAsync(Guid userId, Guid adminId, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(userId, adminId, ApprovalStatus.Suspended, reason, [ApprovalStatus.Approved, ApprovalStatus.Pending, ApprovalStatus.Rejected], cancellationToken);

    public Task<Result> ReinstateAsync(Guid userId, Guid adminId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, adminId, ApprovalStatus.Approved, reason: null, [ApprovalStatus.Suspended], cancellationToken);

    private async Task<Result> ChangeAsync(
        Guid userId, Guid adminId, ApprovalStatus to, string? reason, ApprovalStatus[] from, CancellationToken cancellationToken)
    {
        var needsReason = to is ApprovalStatus.Rejected or ApprovalStatus.Suspended;
        if (needsReason && string.IsNullOrWhiteSpace(reason))
        {
            return DomainError.Validation("reason", "Say why, in a sentence the account owner will read.");
        }

        if (reason is { Length: > AccountRules.ReasonMaxLength })
        {
            return DomainError.Validation("reason", "Keep the reason under 300 characters.");
        }

        if (userId == adminId && to == ApprovalStatus.Suspended)
        {
            return DomainError.Conflict("account.self", "You cannot suspend your own account.");
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return DomainError.NotFound("account.not-found", "There is no such account.");
        }

        if (!from.Contains(user.Approval))
        {
            return DomainError.Conflict("account.state", $"This account is {user.Approval.ToString().ToLowerInvariant()}; it cannot be {Verb(to)} now.");
        }

        if (to == ApprovalStatus.Approved && user.Role is Roles.Customer or Roles.Admin && user.Approval != ApprovalStatus.Suspended)
        {
            return DomainError.Conflict("account.state", "Customers and admins need no approval.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.Approval = to;
        user.ApprovalReason = needsReason ? reason!.Trim() : null;
        user.ApprovalChangedAt = clock.GetUtcNow();
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return DomainError.Conflict("account.concurrent", "Someone else changed this account just now. Reload and try again.");
        }

        var stores = await db.Stores.Where(s => s.OwnerId == user.Id).ToListAsync(cancellationToken);
        foreach (var store in stores)
        {
            switch (to)
            {
                case ApprovalStatus.Approved: store.Approve(); break;
                case ApprovalStatus.Rejected: store.Reject(); break;
                case ApprovalStatus.Suspended: store.Suspend(); break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (to == ApprovalStatus.Suspended)
        {
            // A new stamp invalidates every cookie and access token of this account on its next request.
            await users.UpdateSecurityStampAsync(user);
            await tokens.RevokeAllAsync(user.Id, "suspended", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (to == ApprovalStatus.Suspended)
        {
            await revocations.PublishAsync(user.Id);
        }

        return Result.Success();
    }

    private static string Verb(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => "approved",
        ApprovalStatus.Rejected => "rejected",
        ApprovalStatus.Suspended => "suspended",
        _ => status.ToString().ToLowerInvariant(),
    };
}
