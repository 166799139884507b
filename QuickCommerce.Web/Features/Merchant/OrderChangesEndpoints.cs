using System.Security.Claims;
using QuickCommerce.Core.Common;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;
using QuickCommerce.Web.Features.Orders;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// Partial acceptance and substitution over the API: the shop reads a placed order line by line and
/// proposes changes; the order's customer approves or declines them. Malformed changes are a 400
/// naming the field; an order in another state is a 409 saying what it is now.
/// </summary>
public static class OrderChangesEndpoints
{
    private const string Path = "/api/v1/orders/{id:guid}/changes";

    public static IEndpointRouteBuilder MapOrderChangesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (Guid id, ClaimsPrincipal user, OrderChanges changes, CancellationToken ct) =>
                await changes.FindForShopAsync(user.UserId(), id, ct) is { } order ? TypedResults.Ok(order) : Results.NotFound())
            .WithName("GetOrderChanges")
            .WithTags("Merchant")
            .WithSummary("An order of the merchant's shop line by line, with the line ids changes name.")
            .RequireAuthorization(Policies.Merchant)
            .Produces<OrderChangesView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapPost(Path, async (Guid id, ProposeChangesRequest? body, ClaimsPrincipal user, OrderChanges changes, CancellationToken ct) =>
                ToHttpResult(await changes.ProposeAsync(user.UserId(), id, body, ct)))
            .WithName("ProposeOrderChanges")
            .WithTags("Merchant")
            .WithSummary("Changes a placed order: lines unavailable (qty 0), fewer, or substitutes of the shop's own products. The customer is asked to approve within the approval window; dropped stock goes back at once, a substitute's is reserved.")
            .RequireAuthorization(Policies.Merchant)
            .Produces<OrderChangesView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        endpoints.MapPost($"{Path}/approve", async (Guid id, ClaimsPrincipal user, OrderChanges changes, CancellationToken ct) =>
                ToHttpResult(await changes.ApproveAsync(user.UserId(), id, ct)))
            .WithName("ApproveOrderChanges")
            .WithTags("Orders")
            .WithSummary("The customer takes the shop's changed order; it is accepted.")
            .RequireAuthorization(Policies.Customer)
            .Produces<OrderChangesView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        endpoints.MapPost($"{Path}/decline", async (Guid id, ClaimsPrincipal user, OrderChanges changes, CancellationToken ct) =>
                ToHttpResult(await changes.DeclineAsync(user.UserId(), id, ct)))
            .WithName("DeclineOrderChanges")
            .WithTags("Orders")
            .WithSummary("The customer does not want the shop's changed order; it is cancelled and its stock goes back on the shelf.")
            .RequireAuthorization(Policies.Customer)
            .Produces<OrderChangesView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    /// <summary>200 with the order; a validation error is a 400 naming the field; anything else as <see cref="Problems.ToProblem"/> maps it.</summary>
    private static IResult ToHttpResult(Result<OrderChangesView> result)
    {
        if (result.IsSuccess)
        {
            return TypedResults.Ok(result.Value);
        }

        var error = result.Error!;
        return error.Kind == ErrorKind.Validation
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Code] = [error.Message] }, title: error.Message)
            : error.ToProblem();
    }
}
