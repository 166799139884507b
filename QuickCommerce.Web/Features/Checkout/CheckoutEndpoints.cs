using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Checkout;

/// <summary>POST /api/v1/orders: idempotent checkout.</summary>
public static class CheckoutEndpoints
{
    /// <summary>The header every mutating call carries: a UUID v4 the client made.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/orders", PlaceAsync)
            .WithName("PlaceOrder")
            .WithTags("Orders")
            .WithSummary("Places an order exactly once per Idempotency-Key: a replay returns the first response.")
            .Produces<OrderView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireAuthorization(Policies.Customer);
        return endpoints;
    }

    internal static async Task<IResult> PlaceAsync(
        HttpContext http,
        PlaceOrderRequest? body,
        ClaimsPrincipal user,
        IdempotentCheckout checkout,
        CancellationToken cancellationToken)
    {
        if (!TryReadKey(http.Request, out var key))
        {
            return InvalidKey("Send an Idempotency-Key header with a UUID v4 made when the cart was shown.");
        }

        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the order as JSON."] }, title: "The order is missing.");
        }

        var response = await checkout.PlaceAsync(user.UserId(), key, body, cancellationToken);
        switch (response.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                return TypedResults.Problem(
                    title: "This Idempotency-Key was already used for a different order.",
                    detail: "Make a new key for a new order; reuse a key only to retry the very same request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            case IdempotencyOutcome.InFlight:
                return TypedResults.Problem(
                    title: "This order is still being placed.",
                    detail: "Wait a moment and retry with the same Idempotency-Key.",
                    statusCode: StatusCodes.Status409Conflict);
            case IdempotencyOutcome.Replayed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                break;
        }

        var contentType = response.StatusCode is >= 200 and <= 299 ? "application/json" : "application/problem+json";
        if (response.StatusCode == StatusCodes.Status201Created && response.Body is not null)
        {
            http.Response.Headers.Location = $"/api/v1/orders/{IdempotentCheckout.OrderIdOf(response.Body)}";
        }

        return TypedResults.Text(response.Body ?? string.Empty, contentType, System.Text.Encoding.UTF8, response.StatusCode);
    }

    /// <summary>Reads the one Idempotency-Key header; false if it is missing, repeated or not a UUID v4.</summary>
    internal static bool TryReadKey(HttpRequest request, out Guid key)
    {
        key = Guid.Empty;
        var values = request.Headers[IdempotencyHeader];
        return values.Count == 1
            && Guid.TryParseExact(values[0], "D", out key)
            && key.Version == 4;
    }

    /// <summary>The 400 for an Idempotency-Key that <see cref="TryReadKey"/> refused, naming the header.</summary>
    internal static ValidationProblem InvalidKey(string advice) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [IdempotencyHeader] = [advice] },
            title: "The Idempotency-Key header is missing or not a UUID v4.");
}
