using Microsoft.AspNetCore.Identity;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Web.Security;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>The steps every sign-up page shares: throttle, register, sign in, send home.</summary>
public sealed class SignUpFlow(AuthThrottle throttle, SignInManager<ApplicationUser> signIn)
{
    /// <summary>
    /// Runs one sign-up. Returns the message to show when it did not work; on success signs the
    /// new account in and returns where to send it.
    /// </summary>
    public async Task<(string? Problem, string? Home)> RunAsync(HttpContext http, string? phone, Func<Task<Result<ApplicationUser>>> register)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(register);
        var decision = throttle.CheckRequest(http, AuthAction.SignUp, phone);
        if (!decision.Allowed)
        {
            return (decision.Message, null);
        }

        var result = await register();
        if (!result.IsSuccess)
        {
            http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return (result.Error!.Message, null);
        }

        await signIn.SignInAsync(result.Value!, isPersistent: true);
        return (null, AccountLookup.HomeOf(result.Value!));
    }
}
