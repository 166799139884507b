using System.Text.Json;
using QuickCommerce.Infrastructure.Idempotency;

namespace QuickCommerce.Web.Features.Checkout;

/// <summary>
/// The one way an order is placed, from the API and from the checkout page alike: the
/// request is hashed as the API would see it, so a page retry and an API retry with the same
/// key are the same request.
/// </summary>
public sealed class IdempotentCheckout(IdempotentExecution idempotency, OrderPlacement placement)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IdempotentResponse> PlaceAsync(Guid customerId, Guid key, PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        var hash = IdempotentExecution.HashRequest("POST", "/api/v1/orders", JsonSerializer.Serialize(request, Json));
        return idempotency.RunAsync(customerId, key, hash, ct => placement.PlaceAsync(customerId, key, request, ct), cancellationToken);
    }

    /// <summary>The id of the order a 201 body describes.</summary>
    public static Guid OrderIdOf(string body)
    {
        using var created = JsonDocument.Parse(body);
        return created.RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>The sentence to show a person for a failed placement's ProblemDetails body.</summary>
    public static string MessageOf(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return "The order could not be placed. Please try again.";
        }

        using var problem = JsonDocument.Parse(body);
        var root = problem.RootElement;
        if (root.TryGetProperty("errors", out var errors))
        {
            return string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => m.GetString())));
        }

        var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
        var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
        return detail is null ? title ?? "The order could not be placed." : $"{title} {detail}";
    }
}
