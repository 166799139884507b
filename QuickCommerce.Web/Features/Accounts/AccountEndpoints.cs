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
            .AllowAnonymous();
        return endpoints;
    }

    internal static async Task<Results<RedirectHttpResult, BadRequest<string>>> SignOutAsync(
        HttpContext http, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn)
    {
        // Validated here: the framework only enforces antiforgery for handlers that bind the form,
        // and without it any other site could sign our users out with a hidden form.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.BadRequest("This sign-out form has expired. Reload the page and try again.");
        }

        await signIn.SignOutAsync();
        return TypedResults.Redirect("/");
    }
}
