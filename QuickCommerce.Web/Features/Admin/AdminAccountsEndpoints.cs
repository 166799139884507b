using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Admin;

/// <summary>Reason an admin gives for rejecting or suspending an account.</summary>
public sealed record ModerationRequest(string? Reason);

/// <summary>/api/v1/admin/accounts: approvals, rejections, suspensions. Admins only.</summary>
public static class AdminAccountsEndpoints
{
    public static IEndpointRouteBuilder MapAdminAccountsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapGroup("/api/v1/admin/accounts")
            .WithTags("Admin")
            .RequireAuthorization(Policies.Admin);

        accounts.MapGet("/", ListAsync)
            .WithName("ListAccounts")
            .WithSummary("Accounts, newest first, filtered by approval status and role.");
        accounts.MapPost("/{id:guid}/approve", (Guid id, ClaimsPrincipal admin, AccountModeration moderation, CancellationToken ct) =>
                RunAsync(moderation.ApproveAsync(id, admin.UserId(), ct)))
            .WithName("ApproveAccount")
            .WithSummary("Lets a pending or rejected merchant or rider act (and shows a merchant's store).");
        accounts.MapPost("/{id:guid}/reject", (Guid id, ModerationRequest body, ClaimsPrincipal admin, AccountModeration moderation, CancellationToken ct) =>
                RunAsync(moderation.RejectAsync(id, admin.UserId(), body.Reason, ct)))
            .WithName("RejectAccount")
            .WithSummary("Turns down a pending merchant or rider with a reason they see.");
        accounts.MapPost("/{id:guid}/suspend", (Guid id, ModerationRequest body, ClaimsPrincipal admin, AccountModeration moderation, CancellationToken ct) =>
                RunAsync(moderation.SuspendAsync(id, admin.UserId(), body.Reason, ct)))
            .WithName("SuspendAccount")
            .WithSummary("Stops an account at once: sessions, tokens and live screens end.");
        accounts.MapPost("/{id:guid}/reinstate", (Guid id, ClaimsPrincipal admin, AccountModeration moderation, CancellationToken ct) =>
                RunAsync(moderation.ReinstateAsync(id, admin.UserId(), ct)))
            .WithName("ReinstateAccount")
            .WithSummary("Lifts a suspension.");
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<AccountSummary>>, ValidationProblem>> ListAsync(
        string? status, string? role, AccountModeration moderation, CancellationToken cancellationToken)
    {
        ApprovalStatus? approval = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<ApprovalStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Status must be Pending, Approved, Rejected or Suspended."] });
            }

            approval = parsed;
        }

        if (!string.IsNullOrWhiteSpace(role) && !Infrastructure.Identity.Roles.All.Contains(role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["Role must be Customer, Merchant, Rider or Admin."] });
        }

        return TypedResults.Ok(await moderation.ListAsync(approval, role, cancellationToken));
    }

    private static async Task<IResult> RunAsync(Task<Core.Common.Result> action) => (await action).ToHttpResult();

}
