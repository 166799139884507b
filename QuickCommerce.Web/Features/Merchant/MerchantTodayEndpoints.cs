using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>GET /api/v1/merchant/today: the merchant's shop's day at a glance.</summary>
public static class MerchantTodayEndpoints
{
    public static IEndpointRouteBuilder MapMerchantTodayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/merchant/today", GetAsync)
            .WithName("MerchantToday")
            .WithTags("Merchant")
            .WithSummary("Orders, revenue, acceptance time, best sellers, rejections and orders per hour for the shop's local day so far.")
            .RequireAuthorization(Policies.Merchant);
        return endpoints;
    }

    internal static async Task<Results<Ok<TodaySummary>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, MerchantToday today, CancellationToken cancellationToken) =>
        await today.ForOwnerAsync(user.UserId(), cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : TypedResults.Problem(title: "No shop is linked to this account.", statusCode: StatusCodes.Status404NotFound);
}
