using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;
using QuickCommerce.Web.Features.Checkout;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>/api/v1/orders: the signed-in customer's orders.</summary>
public static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/api/v1/orders")
            .WithTags("Orders")
            .RequireAuthorization(Policies.Customer);

        orders.MapGet("/", HistoryAsync)
            .WithName("OrderHistory")
            .WithSummary("The customer's orders, newest first.");
        orders.MapGet("/{id:guid}", FindAsync)
            .WithName("GetOrder")
            .WithSummary("One of the customer's orders, with its status timeline.");
        orders.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelOrder")
            .WithSummary("Cancels an order the store has not accepted yet; its stock goes back on the shelf. With an Idempotency-Key, a retry gets the first answer.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    /// <summary>
    /// Without an Idempotency-Key, a plain cancel: a second one is a 409 "already cancelled". With a
    /// key, the cancel and its answer commit together, so a retry with the key (a lost response, a
    /// queued offline action sent again) gets the first 204; a refusal is not stored and a retry runs afresh.
    /// </summary>
    internal static async Task<IResult> CancelAsync(
        Guid id,
        HttpContext http,
        ClaimsPrincipal user,
        CustomerOrders customerOrders,
        IdempotentExecution idempotency,
        QuickCommerceDbContext db,
        CatalogueCache catalogue,
        CancellationToken cancellationToken)
    {
        var customerId = user.UserId();
        if (!http.Request.Headers.ContainsKey(CheckoutEndpoints.IdempotencyHeader))
        {
            return (await customerOrders.CancelAsync(customerId, id, cancellationToken)).ToHttpResult();
        }

        if (!CheckoutEndpoints.TryReadKey(http.Request, out var key))
        {
            return CheckoutEndpoints.InvalidKey("Send one Idempotency-Key header with a UUID v4, or none.");
        }

        IResult? refusal = null;
        var storeId = Guid.Empty;
        var hash = IdempotentExecution.HashRequest("POST", $"/api/v1/orders/{id}/cancel", string.Empty);
        var response = await idempotency.RunAsync(customerId, key, hash, async ct =>
        {
            var cancelled = await customerOrders.CancelAsync(customerId, id, ct);
            if (!cancelled.IsSuccess)
            {
                // Not 2xx: rolled back and not stored. The problem itself is answered from refusal below.
                refusal = cancelled.ToHttpResult();
                return (((IStatusCodeHttpResult)refusal).StatusCode ?? StatusCodes.Status409Conflict, string.Empty);
            }

            storeId = await db.Orders.Where(o => o.Id == id).Select(o => o.StoreId).SingleAsync(ct);
            return (StatusCodes.Status204NoContent, string.Empty);
        }, cancellationToken);

        switch (response.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return TypedResults.Problem(
                    title: "This Idempotency-Key was already used for a different request.",
                    detail: "Make a new key for a new request; reuse a key only to retry the very same request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            case IdempotencyOutcome.InFlight:
                return TypedResults.Problem(
                    title: "This order is still being cancelled.",
                    detail: "Wait a moment and retry with the same Idempotency-Key.",
                    statusCode: StatusCodes.Status409Conflict);
            case IdempotencyOutcome.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.StatusCode(response.StatusCode);
        }

        if (refusal is not null)
        {
            return refusal;
        }

        // Only now is the stock back for others to see: the cancel committed with its stored answer.
        await catalogue.InvalidateStoreAsync(storeId, CancellationToken.None);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<IReadOnlyList<OrderView>>> HistoryAsync(ClaimsPrincipal user, CustomerOrders customerOrders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await customerOrders.HistoryAsync(user.UserId(), cancellationToken));

    internal static async Task<Results<Ok<OrderDetails>, NotFound>> FindAsync(Guid id, ClaimsPrincipal user, CustomerOrders customerOrders, CancellationToken cancellationToken) =>
        await customerOrders.FindAsync(user.UserId(), id, cancellationToken) is { } order
            ? TypedResults.Ok(order)
            : TypedResults.NotFound();
}
