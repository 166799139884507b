using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>Finds an account by what people type to sign in: an email or a mobile number in any common format.</summary>
public sealed class AccountLookup(UserManager<ApplicationUser> users)
{
    public async Task<ApplicationUser?> FindByLoginAsync(string? login, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login))
        {
            return null;
        }

        var text = login.Trim();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return await users.FindByEmailAsync(text);
        }

        var phone = IndianPhoneNumber.Parse(text);
        return phone.IsSuccess
            ? await users.Users.SingleOrDefaultAsync(u => u.PhoneNumber == phone.Value.E164, cancellationToken)
            : null;
    }

    /// <summary>Where an account lands after signing in.</summary>
    public static string HomeOf(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.CanAct)
        {
            return "/account/pending";
        }

        return user.Role switch
        {
            Roles.Merchant => "/merchant",
            Roles.Rider => "/rider",
            Roles.Admin => "/admin/accounts",
            _ => "/",
        };
    }

    /// <summary>Only same-site paths, so a crafted link cannot bounce a fresh sign-in to another site.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
