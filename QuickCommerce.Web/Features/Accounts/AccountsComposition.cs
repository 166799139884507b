using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>
/// Two ways in: the Identity cookie for pages and dashboards, JWT bearer tokens for the API. A policy
/// scheme picks one per request. Both re-check the account on every request, so a suspension or
/// password change is felt at once, not when a cookie or token expires.
/// </summary>
public static class AccountsComposition
{
    /// <summary>The scheme that forwards to bearer or cookie.</summary>
    public const string SmartScheme = "cookie-or-bearer";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || HubAccessToken(context.Request) is not null
                        ? JwtBearerDefaults.AuthenticationScheme
                        : IdentityConstants.ApplicationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey.PadRight(32))),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = ClaimTypes.Name,
                    RoleClaimType = ClaimTypes.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = ValidateTokenAccountAsync,

                    // Browsers cannot set headers on WebSockets or server-sent events: the SignalR
                    // client sends the token as ?access_token= on hub requests only.
                    OnMessageReceived = context =>
                    {
                        context.Token ??= HubAccessToken(context.Request);
                        return Task.CompletedTask;
                    },
                };
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = "/account/signin";
                options.LogoutPath = "/account/signout";
                options.AccessDeniedPath = "/account/denied";
                options.Cookie.Name = "qc.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateCookieAccountAsync;

                options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            }));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Customer, policy => policy.RequireRole(Roles.Customer))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Merchant, policy => policy.RequireRole(Roles.Merchant).RequireClaim(AccountClaims.Approval, nameof(ApprovalStatus.Approved)))
            .AddPolicy(Policies.Rider, policy => policy.RequireRole(Roles.Rider).RequireClaim(AccountClaims.Approval, nameof(ApprovalStatus.Approved)));
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>The ?access_token= of a request to a SignalR hub; null anywhere else.</summary>
    private static string? HubAccessToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase) && request.Query["access_token"].ToString() is { Length: > 0 } token
            ? token
            : null;

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // API callers and the SignalR client get status codes, not redirects to an HTML sign-in page.
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The cookie is only as good as the account behind it: a changed stamp (password change,
    /// sign-out everywhere, suspension) or a suspended account rejects it; a changed approval
    /// or role rebuilds the principal, so an approved merchant is let in without signing in again.
    /// </summary>
    private static async Task ValidateCookieAccountAsync(CookieValidatePrincipalContext context)
    {
        var status = await CurrentStatusAsync(context.HttpContext, context.Principal);
        if (status is null || status.IsSuspended || status.StampHash != context.Principal?.FindFirstValue(AccountClaims.Stamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        if (context.Principal!.FindFirstValue(AccountClaims.Approval) != status.Approval.ToString()
            || !context.Principal.IsInRole(status.Role))
        {
            var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ApplicationUser>>();
            var user = await signIn.UserManager.FindByIdAsync(status.UserId.ToString());
            if (user is null)
            {
                context.RejectPrincipal();
                return;
            }

            context.ReplacePrincipal(await signIn.CreateUserPrincipalAsync(user));
            context.ShouldRenew = true;
        }
    }

    /// <summary>Access tokens are short-lived, but a suspension must not wait 15 minutes to bite.</summary>
    private static async Task ValidateTokenAccountAsync(TokenValidatedContext context)
    {
        var status = await CurrentStatusAsync(context.HttpContext, context.Principal);
        if (status is null || status.IsSuspended || status.StampHash != context.Principal?.FindFirstValue(AccountClaims.Stamp))
        {
            context.Fail("The account behind this token is no longer valid.");
            return;
        }

        // Authorise on today's approval, not the one the token was issued with.
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        foreach (var stale in identity.FindAll(AccountClaims.Approval).ToList())
        {
            identity.RemoveClaim(stale);
        }

        identity.AddClaim(new Claim(AccountClaims.Approval, status.Approval.ToString()));
        if (!context.Principal.IsInRole(status.Role))
        {
            context.Fail("The account's role has changed.");
        }
    }

    private static async Task<AccountStatus?> CurrentStatusAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal?.FindFirstValue("sub");
        if (!Guid.TryParse(id, out var userId))
        {
            return null;
        }

        var reader = http.RequestServices.GetRequiredService<AccountStatusReader>();
        return await reader.FindAsync(userId, http.RequestAborted);
    }
}
