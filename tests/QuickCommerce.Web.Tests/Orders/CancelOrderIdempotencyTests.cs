using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Checkout;
using StackExchange.Redis;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>
/// POST /api/v1/orders/{id}/cancel with an Idempotency-Key: a retry (a lost response, a queued
/// offline action sent again) gets the first answer instead of "already cancelled".
/// </summary>
public sealed class CancelOrderIdempotencyTests(CancelOrderIdempotencyTests.ShortWaitHost host) : IClassFixture<CancelOrderIdempotencyTests.ShortWaitHost>
{
    private readonly OrdersHost _host = host;

    [Fact]
    public async Task Cancelling_again_with_the_same_key_replays_the_first_answer_and_cancels_once()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        var key = Guid.NewGuid();

        var first = await CancelAsync(customer, id, key.ToString());
        var again = await CancelAsync(customer, id, key.ToString());

        first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync());
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await _host.EventsOfAsync(id)).Select(e => e.ToStatus).ShouldBe([OrderStatus.Placed, OrderStatus.Cancelled]);
        (await _host.StocksAsync(atta, dal)).ShouldBe([10, 4]);
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(1);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("c232ab00-9414-11ec-b3c8-9f6bdeced846")]
    [InlineData("0190b6a4-7c1e-7d3a-9f12-3b4c5d6e7f80")]
    [InlineData("{3f2504e0-4f89-41d3-9a0c-0305e82c3301}")]
    public async Task A_key_that_is_not_a_uuid_v4_is_a_400_naming_the_header_and_cancels_nothing(string key)
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();

        var response = await CancelAsync(customer, id, key);

        await ShouldNameTheHeaderAsync(response);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Placed);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
        (await RememberedCountAsync(customer)).ShouldBe(1, "only the placement's key");
    }

    [Fact]
    public async Task Two_key_headers_are_a_400_naming_the_header_and_cancel_nothing()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();

        var response = await CancelAsync(customer, id, Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        await ShouldNameTheHeaderAsync(response);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Placed);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
    }

    [Fact]
    public async Task Without_a_key_cancelling_twice_is_still_a_conflict_and_nothing_is_remembered()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();

        var first = await CancelAsync(customer, id);
        var again = await CancelAsync(customer, id);

        first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await OrderRequests.JsonOf(again)).GetProperty("type").GetString().ShouldBe("order.not-cancellable");
        (await _host.StocksAsync(atta, dal)).ShouldBe([10, 4]);
        (await RememberedCountAsync(customer)).ShouldBe(1, "only the placement's key");
    }

    [Fact]
    public async Task A_new_key_for_an_order_already_cancelled_is_the_usual_conflict()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        (await CancelAsync(customer, id, Guid.NewGuid().ToString())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var otherKey = Guid.NewGuid();

        var again = await CancelAsync(customer, id, otherKey.ToString());

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        again.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await OrderRequests.JsonOf(again)).GetProperty("type").GetString().ShouldBe("order.not-cancellable");
        (await _host.StocksAsync(atta, dal)).ShouldBe([10, 4]);
        (await _host.EventsOfAsync(id)).Count.ShouldBe(2);
        (await _host.RememberedKeysAsync(customer.Id, otherKey)).ShouldBe(0);
    }

    [Fact]
    public async Task A_key_already_used_for_another_request_is_a_422_and_this_order_stays_placed()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        var (_, otherId, _, _) = await PlacedOrderAsync(customer);
        var key = Guid.NewGuid();
        (await CancelAsync(customer, otherId, key.ToString())).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await CancelAsync(customer, id, key.ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await OrderRequests.JsonOf(response)).GetProperty("title").GetString().ShouldBe("This Idempotency-Key was already used for a different request.");
        (await _host.EventsOfAsync(id)).Select(e => e.ToStatus).ShouldBe([OrderStatus.Placed]);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
    }

    [Fact]
    public async Task A_refused_cancel_is_not_remembered_so_a_retry_with_the_key_is_refused_afresh()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        await _host.AcceptAsMerchantAsync(id);
        var key = Guid.NewGuid();

        var first = await CancelAsync(customer, id, key.ToString());
        var again = await CancelAsync(customer, id, key.ToString());

        foreach (var response in new[] { first, again })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
            (await OrderRequests.JsonOf(response)).GetProperty("type").GetString().ShouldBe("order.not-cancellable");
        }

        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(0);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Accepted);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
    }

    [Fact]
    public async Task Another_customers_order_is_not_found_with_a_key_too_and_the_key_is_not_remembered()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        var stranger = await _host.CustomerAsync();
        var key = Guid.NewGuid();

        var response = await CancelAsync(stranger, id, key.ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _host.RememberedKeysAsync(stranger.Id, key)).ShouldBe(0);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Placed);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
    }

    [Fact]
    public async Task A_cancel_with_the_same_key_still_running_elsewhere_is_a_409_and_changes_nothing()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        var key = Guid.NewGuid();
        var redis = _host.App.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var marker = InFlightMarkers.MarkerKey(customer.Id, key);
        await redis.StringSetAsync(marker, "another-instance", TimeSpan.FromMinutes(1));
        try
        {
            var response = await CancelAsync(customer, id, key.ToString());

            response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var problem = await OrderRequests.JsonOf(response);
            problem.GetProperty("title").GetString().ShouldBe("This order is still being cancelled.");
            problem.GetProperty("detail").GetString().ShouldBe("Wait a moment and retry with the same Idempotency-Key.");
        }
        finally
        {
            await redis.KeyDeleteAsync(marker);
        }

        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Placed);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(0);
    }

    [Fact]
    public async Task After_a_cancel_with_a_key_the_next_search_shows_the_stock_back()
    {
        var store = await _host.StoreAsync();
        var kulfi = await _host.ProductAsync(store, "Malai Kulfi Stick", pricePaise: 12000, stock: 1);
        var customer = await _host.CustomerAsync();
        var orderId = await OrderRequests.PlaceCreatedAsync(customer.Client, OrderRequests.For(store, (kulfi, 1)));
        using var anonymous = _host.App.CreateClient();
        var search = FormattableString.Invariant($"/api/v1/search?q=kulfi&lat={DemoShop.Indiranagar.Latitude}&lng={DemoShop.Indiranagar.Longitude}");
        (await InStockAsync(anonymous, search, kulfi)).ShouldBeFalse(); // cached from here on

        var cancel = await CancelAsync(customer, orderId, Guid.NewGuid().ToString());

        cancel.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await InStockAsync(anonymous, search, kulfi)).ShouldBeTrue();
    }

    /// <summary>The app with duplicates waiting 1 s instead of 10 s, so the in-flight answer comes quickly.</summary>
    public sealed class ShortWaitHost : OrdersHost
    {
        protected override void Configure(QuickCommerceApp app)
        {
            ArgumentNullException.ThrowIfNull(app);
            app.Settings["Idempotency:InFlightWait"] = "00:00:01";
        }
    }

    private static async Task<HttpResponseMessage> CancelAsync(SignedInCustomer customer, Guid orderId, params string[] keys)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/cancel");
        if (keys.Length > 0)
        {
            message.Headers.TryAddWithoutValidation(CheckoutEndpoints.IdempotencyHeader, keys).ShouldBeTrue();
        }

        return await customer.Client.SendAsync(message);
    }

    private static async Task ShouldNameTheHeaderAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await OrderRequests.JsonOf(response);
        problem.GetProperty("title").GetString().ShouldBe("The Idempotency-Key header is missing or not a UUID v4.");
        OrderRequests.ErrorFor(problem, "Idempotency-Key").ShouldContain("UUID v4");
    }

    private static async Task<bool> InStockAsync(HttpClient client, string url, Product product)
    {
        var hits = await client.GetFromJsonAsync<JsonElement[]>(url);
        return hits!.Single(h => h.GetProperty("productId").GetGuid() == product.Id).GetProperty("inStock").GetBoolean();
    }

    private async Task<int> RememberedCountAsync(SignedInCustomer customer)
    {
        await using var db = _host.Database.NewContext();
        return await db.IdempotencyRecords.AsNoTracking().CountAsync(r => r.UserId == customer.Id);
    }

    /// <summary>A Placed order of 3 atta (10 on the shelf) and 1 dal (4 on the shelf) at a store of its own, by a fresh customer unless given one.</summary>
    private async Task<(SignedInCustomer Customer, Guid OrderId, Product Atta, Product Dal)> PlacedOrderAsync(SignedInCustomer? customer = null)
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var dal = await _host.ProductAsync(store, "Toor Dal", pricePaise: 2000, stock: 4);
        customer ??= await _host.CustomerAsync();
        var orderId = await OrderRequests.PlaceCreatedAsync(customer.Client, OrderRequests.For(store, (atta, 3), (dal, 1)));
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
        return (customer, orderId, atta, dal);
    }
}
