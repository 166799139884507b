using System.Text.Json;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Idempotency;

namespace QuickCommerce.Web.Features.Checkout;

/// <summary>
/// The one way an order is placed, from the API and from the checkout page alike: the
/// request is hashed as the API would see it, so a page retry and an API retry with the same
/// key are the same request.
/// </summary>
public sealed class IdempotentCheckout(IdempotentExecution idempotency, OrderPlacement placement, CatalogueCache catalogue)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IdempotentResponse> PlaceAsync(Guid customerId, Guid key, PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = IdempotentExecution.HashRequest("POST", "/api/v1/orders", JsonSerializer.Serialize(request, Json));
        var response = await idempotency.RunAsync(customerId, key, hash, ct => placement.PlaceAsync(customerId, key, request, ct), cancellationToken);
        if (response is { Outcome: IdempotencyOutcome.Executed, StatusCode: StatusCodes.Status201Created } && request.StoreId is { } storeId)
        {
            // Stock moved: searches showing this store must not say "in stock" from a stale cache.
            await catalogue.InvalidateStoreAsync(storeId, CancellationToken.None);
        }

        return response;
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
