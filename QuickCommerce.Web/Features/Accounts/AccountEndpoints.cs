using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>Page-side account actions that are plain form posts, not pages.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/signout", SignOutAsync)
            .WithName("SignOut")
            .WithSummary("Ends this browser's session and returns to the home page.")
            .WithTags("Accounts")
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AllowAnonymous();
        return endpoints;
    }

    internal static async Task<RedirectHttpResult> SignOutAsync(SignInManager<ApplicationUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.Redirect("/");
    }
}
