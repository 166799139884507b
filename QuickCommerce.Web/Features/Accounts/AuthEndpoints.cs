using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Security;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>Signing in with phone or email and a password for API token pairs, sign-out, rotation.</summary>
public sealed record TokenRequest(string? Login, string? Password);

/// <summary>A refresh token to spend (refresh) or to end the session with (logout).</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Who the caller's credentials say they are, with today's approval.</summary>
public sealed record CurrentAccount(Guid Id, string Name, string Role, string Approval);

/// <summary>/api/v1/auth: API tokens for the mobile apps and other clients that do not use the cookie.</summary>
public static class AuthEndpoints
{
    /// <summary>Longest login (phone or email) accepted; longer input is refused before any lookup.</summary>
    public const int LoginMaxLength = 128;

    private const string WrongCredentials = "The phone/email or password is not right.";
    private const string SessionEnded = "This session has ended; sign in again.";

    // Verified when the login matches nobody, so an unknown login costs as long as a wrong password
    // and response times do not tell which logins exist.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Guid.NewGuid().ToString()));

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("Auth");

        auth.MapPost("/token", SignInAsync)
            .WithName("IssueToken")
            .WithSummary("Signs in with a phone number or email and a password; returns an access token and a refresh token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous();

        auth.MapPost("/refresh", RefreshAsync)
            .WithName("RefreshToken")
            .WithSummary("Spends a refresh token and returns a new pair; a refresh token presented twice ends its session.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AllowAnonymous();

        auth.MapPost("/logout", LogoutAsync)
            .WithName("Logout")
            .WithSummary("Ends the session a refresh token belongs to. Always 204, whether or not the token was known.")
            .AllowAnonymous();

        auth.MapGet("/me", CurrentAccountOf)
            .WithName("CurrentAccount")
            .WithSummary("The signed-in account: id, name, role and current approval.")
            .RequireAuthorization(Policies.SignedIn);

        return endpoints;
    }

    internal static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        TokenRequest? request,
        SignInManager<ApplicationUser> signIn,
        AccountLookup accounts,
        TokenService tokens,
        TimeProvider clock,
        AuthThrottle throttle,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        // Before any lookup or hashing: per client IP and per login.
        var decision = throttle.CheckRequest(http, AuthAction.SignIn, request?.Login);
        if (!decision.Allowed)
        {
            return Problem(StatusCodes.Status429TooManyRequests, "Too many attempts.", decision.Message);
        }

        var input = new QueryParameters();
        var login = Required(input, request?.Login, "login", "Phone number or email", LoginMaxLength);
        var password = Required(input, request?.Password, "password", "Password", AccountRules.PasswordMaxLength);
        if (!input.IsValid)
        {
            return TypedResults.ValidationProblem(input.Errors, title: "The sign-in details are not valid.");
        }

        var user = await accounts.FindByLoginAsync(login, cancellationToken);
        if (user is null)
        {
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DecoyHash.Value, password);
            return Problem(StatusCodes.Status401Unauthorized, "Sign-in failed.", WrongCredentials);
        }

        var outcome = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (outcome.IsLockedOut)
        {
            var end = await signIn.UserManager.GetLockoutEndDateAsync(user) ?? clock.GetUtcNow();
            var minutes = Math.Max(1, (int)Math.Ceiling((end - clock.GetUtcNow()).TotalMinutes));
            return Problem(
                StatusCodes.Status403Forbidden,
                "Account locked.",
                $"Too many wrong passwords; try again in {minutes} minute{(minutes == 1 ? string.Empty : "s")}.",
                ("lockoutEnd", end));
        }

        if (!outcome.Succeeded)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Sign-in failed.", WrongCredentials);
        }

        // Only after the password is right: a suspension is nobody else's business.
        if (user.Approval == ApprovalStatus.Suspended)
        {
            var reason = string.IsNullOrWhiteSpace(user.ApprovalReason) ? "No reason was recorded." : user.ApprovalReason;
            return Problem(StatusCodes.Status403Forbidden, "Account suspended.", $"This account is suspended: {reason}");
        }

        // Pending and rejected merchants and riders get tokens too: their approval claim says where
        // they stand, and the Merchant and Rider policies keep them out until an admin approves them.
        return TypedResults.Ok(await tokens.IssueAsync(user, cancellationToken));
    }

    internal static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request,
        TokenService tokens,
        CancellationToken cancellationToken)
    {
        var refreshed = await tokens.RefreshAsync(request?.RefreshToken ?? string.Empty, cancellationToken);
        return refreshed.IsSuccess
            ? TypedResults.Ok(refreshed.Value!)
            : Problem(StatusCodes.Status401Unauthorized, "Session ended.", SessionEnded);
    }

    internal static async Task<NoContent> LogoutAsync(
        RefreshRequest? request,
        TokenService tokens,
        CancellationToken cancellationToken)
    {
        await tokens.RevokeFamilyAsync(request?.RefreshToken ?? string.Empty, "logout", cancellationToken);
        return TypedResults.NoContent();
    }

    internal static Results<Ok<CurrentAccount>, UnauthorizedHttpResult> CurrentAccountOf(ClaimsPrincipal user)
    {
        // The bearer and cookie handlers have re-checked the account and replaced the approval claim with today's.
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return TypedResults.Unauthorized();
        }

        var name = user.FindFirstValue(ClaimTypes.GivenName) ?? user.Identity?.Name ?? string.Empty;
        return TypedResults.Ok(new CurrentAccount(
            id,
            name,
            user.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            user.FindFirstValue(AccountClaims.Approval) ?? string.Empty));
    }

    private static string Required(QueryParameters input, string? value, string field, string label, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            input.Add(field, $"{label} is required.");
            return string.Empty;
        }

        if (value.Length > maxLength)
        {
            input.Add(field, $"{label} must be at most {maxLength} characters.");
            return string.Empty;
        }

        return value;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail, params (string Key, object? Value)[] extensions) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: extensions.Length == 0 ? null : extensions.ToDictionary(e => e.Key, e => e.Value));
}
