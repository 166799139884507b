using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>Adds the approval status, display name and stamp hash to every signed-in principal (cookie or JWT).</summary>
public sealed class AccountClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AccountClaims.Approval, user.Approval.ToString()));
        identity.AddClaim(new Claim(AccountClaims.Stamp, AccountStatusReader.HashStamp(user.SecurityStamp)));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, user.FullName));
        return identity;
    }
}
