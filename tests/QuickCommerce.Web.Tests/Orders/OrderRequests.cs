using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Stores;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Checkout;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>POST /api/v1/orders as a client sends it: the body says nothing about prices.</summary>
public static class OrderRequests
{
    public const string Path = "/api/v1/orders";

    public const string Address = "14, 12th Main, HAL 2nd Stage, Indiranagar, Bengaluru";

    /// <summary>A cash-on-delivery order for a typed address at Indiranagar's centre, 300 m from the test stores.</summary>
    public static PlaceOrderRequest For(Store store, params (Product Product, int Quantity)[] lines) =>
        new(
            store.Id,
            [.. lines.Select(l => new LineInput(l.Product.Id, l.Quantity))],
            AddressId: null,
            Address,
            new PointInput(DemoShop.Indiranagar.Latitude, DemoShop.Indiranagar.Longitude),
            Note: null,
            PaymentMethod: "cod",
            IfUnavailable: "proceed");

    /// <summary>
    /// Places <paramref name="request"/> under a fresh Idempotency-Key for tests whose point is not the
    /// request itself; fails unless the order was created (with the body as the reason) and returns its id.
    /// </summary>
    public static async Task<Guid> PlaceCreatedAsync(HttpClient client, PlaceOrderRequest request)
    {
        using var response = await PlaceAsync(client, request, Guid.NewGuid());
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonOf(response)).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> PlaceAsync(HttpClient client, PlaceOrderRequest request, Guid key) =>
        PlaceAsync(client, JsonContent.Create(request), key.ToString());

    /// <summary>Sends <paramref name="content"/> with one Idempotency-Key header per entry of <paramref name="keys"/> (none when empty).</summary>
    public static async Task<HttpResponseMessage> PlaceAsync(HttpClient client, HttpContent content, params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var message = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (keys.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(CheckoutEndpoints.IdempotencyHeader, keys).ShouldBeTrue();
        }

        return await client.SendAsync(message);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The first message the ProblemDetails gives for <paramref name="field"/>.</summary>
    public static string ErrorFor(JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
}
