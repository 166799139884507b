using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
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
        orders.MapPost("/{id:guid}/cancel", async (Guid id, ClaimsPrincipal user, CustomerOrders customerOrders, CancellationToken ct) =>
                (await customerOrders.CancelAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("CancelOrder")
            .WithSummary("Cancels an order the store has not accepted yet; its stock goes back on the shelf.");
        return endpoints;
    }

    internal static async Task<Ok<IReadOnlyList<OrderView>>> HistoryAsync(ClaimsPrincipal user, CustomerOrders customerOrders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await customerOrders.HistoryAsync(user.UserId(), cancellationToken));

    internal static async Task<Results<Ok<OrderDetails>, NotFound>> FindAsync(Guid id, ClaimsPrincipal user, CustomerOrders customerOrders, CancellationToken cancellationToken) =>
        await customerOrders.FindAsync(user.UserId(), id, cancellationToken) is { } order
            ? TypedResults.Ok(order)
            : TypedResults.NotFound();
}
