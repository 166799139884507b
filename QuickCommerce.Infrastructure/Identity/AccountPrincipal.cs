using System.Security.Claims;

namespace QuickCommerce.Infrastructure.Identity;

/// <summary>Reads the signed-in account's id, the same way for cookies and bearer tokens.</summary>
public static class AccountPrincipal
{
    /// <summary>The account id, or null for anonymous or foreign principals.</summary>
    public static Guid? FindUserId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    }

    /// <summary>The account id of a principal an authorisation policy already let in.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        user.FindUserId() ?? throw new InvalidOperationException("This endpoint requires a signed-in account.");
}
