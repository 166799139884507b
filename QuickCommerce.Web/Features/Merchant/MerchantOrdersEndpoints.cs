using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>Why a shop turns an order down; the customer reads it.</summary>
public sealed record RejectRequest(string? Reason);

/// <summary>The merchant's side of orders: the shop's queue, acknowledging a new order and the accept / reject / pack moves.</summary>
public static class MerchantOrdersEndpoints
{
    public static IEndpointRouteBuilder MapMerchantOrdersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/merchant/orders", ListAsync)
            .WithName("MerchantOrders")
            .WithTags("Merchant")
            .WithSummary("Orders of the merchant's shops, newest first, optionally in one status, with each delivery point's distance from the shop.")
            .RequireAuthorization(Policies.Merchant);

        var moves = endpoints.MapGroup("/api/v1/orders/{id:guid}")
            .WithTags("Merchant")
            .RequireAuthorization(Policies.Merchant);
        moves.MapPost("/accept", async (Guid id, ClaimsPrincipal user, MerchantOrders orders, CancellationToken ct) =>
                (await orders.AcceptAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("AcceptOrder")
            .WithSummary("Accepts a placed order. Of two devices pressing at once, one wins; the other gets 409 with the order's state.");
        moves.MapPost("/reject", async (Guid id, RejectRequest body, ClaimsPrincipal user, MerchantOrders orders, CancellationToken ct) =>
                (await orders.RejectAsync(user.UserId(), id, body.Reason, ct)).ToHttpResult())
            .WithName("RejectOrder")
            .WithSummary("Turns down a placed order with a reason the customer sees; its stock goes back on the shelf.");
        moves.MapPost("/pack", async (Guid id, ClaimsPrincipal user, MerchantOrders orders, CancellationToken ct) =>
                (await orders.PackAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("PackOrder")
            .WithSummary("Marks an accepted order packed, ready for a rider.");
        moves.MapPost("/acknowledge", async (Guid id, ClaimsPrincipal user, MerchantOrders orders, CancellationToken ct) =>
                (await orders.AcknowledgeAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("AcknowledgeOrder")
            .WithSummary("Silences a new order's alert on every device of the shop. Idempotent: the first time is kept; accepting or rejecting acknowledges too.");
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ShopOrderView>>, ValidationProblem>> ListAsync(
        string? status, ClaimsPrincipal user, MerchantOrders orders, CancellationToken cancellationToken)
    {
        OrderStatus[] wanted = [];
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<OrderStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Status must be an order status such as Placed or Accepted."] });
            }

            wanted = [parsed];
        }

        return TypedResults.Ok(await orders.ListAsync(user.UserId(), wanted, cancellationToken));
    }
}
