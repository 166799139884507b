using System.Net;
using System.Net.Http.Json;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>The Idempotency-Key contract of POST /api/v1/orders, one request at a time.</summary>
public sealed class OrderIdempotencyTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    private readonly OrdersHost _host = host;

    [Fact]
    public async Task Sending_the_same_order_again_with_the_same_key_replays_the_first_response_byte_for_byte_and_orders_once()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        var request = OrderRequests.For(store, (atta, 3));

        var first = await OrderRequests.PlaceAsync(customer.Client, request, key);
        var again = await OrderRequests.PlaceAsync(customer.Client, request, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync());
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        again.Headers.Location.ShouldBe(first.Headers.Location);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().IdempotencyKey.ShouldBe(key);
        (await _host.StockAsync(atta)).ShouldBe(7);
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_with_a_different_order_is_a_422_and_writes_nothing()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var dal = await _host.ProductAsync(store, "Toor Dal", pricePaise: 2000, stock: 10);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        var first = await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (atta, 3)), key);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (atta, 3), (dal, 5)), key);

        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        other.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        var problem = await OrderRequests.JsonOf(other);
        problem.GetProperty("title").GetString().ShouldBe("This Idempotency-Key was already used for a different order.");
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Lines.ShouldHaveSingleItem().Quantity.ShouldBe(3);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 10]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-uuid")]
    [InlineData("c232ab00-9414-11ec-b3c8-9f6bdeced846")]
    [InlineData("0190b6a4-7c1e-7d3a-9f12-3b4c5d6e7f80")]
    [InlineData("{3f2504e0-4f89-41d3-9a0c-0305e82c3301}")]
    public async Task An_idempotency_key_that_is_missing_or_not_a_uuid_v4_is_a_400_naming_the_header(string? key)
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();

        var response = await OrderRequests.PlaceAsync(customer.Client, JsonContent.Create(OrderRequests.For(store, (atta, 3))), key is null ? [] : [key]);

        await ShouldNameTheHeaderAsync(response);
        (await _host.OrdersOfAsync(customer.Id)).ShouldBeEmpty();
        (await _host.StockAsync(atta)).ShouldBe(10);
    }

    [Fact]
    public async Task Two_idempotency_key_headers_are_a_400_naming_the_header()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();

        var response = await OrderRequests.PlaceAsync(
            customer.Client, JsonContent.Create(OrderRequests.For(store, (atta, 3))), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        await ShouldNameTheHeaderAsync(response);
        (await _host.OrdersOfAsync(customer.Id)).ShouldBeEmpty();
        (await _host.StockAsync(atta)).ShouldBe(10);
    }

    [Fact]
    public async Task Keys_belong_to_one_customer_so_two_customers_with_the_same_key_get_two_orders()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var asha = await _host.CustomerAsync();
        var ravi = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        var request = OrderRequests.For(store, (atta, 3));

        var hers = await OrderRequests.PlaceAsync(asha.Client, request, key);
        var his = await OrderRequests.PlaceAsync(ravi.Client, request, key);

        hers.StatusCode.ShouldBe(HttpStatusCode.Created);
        his.StatusCode.ShouldBe(HttpStatusCode.Created);
        his.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        var herOrder = (await OrderRequests.JsonOf(hers)).GetProperty("id").GetGuid();
        var hisOrder = (await OrderRequests.JsonOf(his)).GetProperty("id").GetGuid();
        hisOrder.ShouldNotBe(herOrder);
        (await _host.OrdersOfAsync(asha.Id)).ShouldHaveSingleItem().Id.ShouldBe(herOrder);
        (await _host.OrdersOfAsync(ravi.Id)).ShouldHaveSingleItem().Id.ShouldBe(hisOrder);
        (await _host.StockAsync(atta)).ShouldBe(4);
        (await ravi.Client.GetAsync($"/api/v1/orders/{herOrder}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task ShouldNameTheHeaderAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await OrderRequests.JsonOf(response);
        problem.GetProperty("title").GetString().ShouldBe("The Idempotency-Key header is missing or not a UUID v4.");
        OrderRequests.ErrorFor(problem, "Idempotency-Key").ShouldContain("UUID v4");
    }
}
