using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Core.Ordering;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>POST /api/v1/orders on the real app and database: what the customer gets back and what is stored.</summary>
public sealed class PlaceOrderApiTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    private readonly OrdersHost _host = host;

    [Fact]
    public async Task Placing_an_order_prices_it_from_the_shelf_reserves_the_stock_and_records_one_placed_event()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var dal = await _host.ProductAsync(store, "Toor Dal", pricePaise: 2000, stock: 4);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        var request = OrderRequests.For(store, (atta, 2), (dal, 1), (atta, 1)) with { PaymentMethod = "upi-placeholder", Note = "Ring the bell twice" };

        var response = await OrderRequests.PlaceAsync(customer.Client, request, key);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        var order = await OrderRequests.JsonOf(response);
        var id = order.GetProperty("id").GetGuid();
        response.Headers.Location!.OriginalString.ShouldBe($"/api/v1/orders/{id}");
        order.GetProperty("status").GetString().ShouldBe("Placed");
        order.GetProperty("storeId").GetGuid().ShouldBe(store.Id);
        order.GetProperty("storeName").GetString().ShouldBe("Sharma Kirana");
        LinesOf(order).ShouldBe(Sorted((atta.Id, 4500L, 3, 13500L), (dal.Id, 2000L, 1, 2000L)));
        order.GetProperty("subtotalPaise").GetInt64().ShouldBe(15500);
        order.GetProperty("deliveryFeePaise").GetInt64().ShouldBe(1500);
        order.GetProperty("totalPaise").GetInt64().ShouldBe(17000);
        order.GetProperty("deliveryAddress").GetString().ShouldBe(OrderRequests.Address);
        order.GetProperty("paymentMethod").GetString().ShouldBe("upi-placeholder");
        order.GetProperty("paymentReference").GetString().ShouldBe($"upi-intent-{id:N}");
        order.GetProperty("ifUnavailable").GetString().ShouldBe("proceed");
        order.GetProperty("note").GetString().ShouldBe("Ring the bell twice");

        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
        var stored = (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem();
        stored.Id.ShouldBe(id);
        stored.Status.ShouldBe(OrderStatus.Placed);
        stored.IdempotencyKey.ShouldBe(key);
        stored.PaymentMethod.ShouldBe(PaymentMethod.UpiPlaceholder);
        (stored.SubtotalPaise, stored.DeliveryFeePaise, stored.TotalPaise).ShouldBe((15500L, 1500L, 17000L));
        stored.Lines.Select(l => (l.ProductId, l.UnitPricePaise, l.Quantity, l.LineTotalPaise)).OrderBy(l => l.ProductId)
            .ShouldBe(Sorted((atta.Id, 4500L, 3, 13500L), (dal.Id, 2000L, 1, 2000L)));
        var placed = (await _host.EventsOfAsync(id)).ShouldHaveSingleItem();
        (placed.FromStatus, placed.ToStatus, placed.ActorRole, placed.ActorId).ShouldBe((null, OrderStatus.Placed, ActorRole.Customer, customer.Id));
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(1);
    }

    [Fact]
    public async Task A_placed_order_shows_in_detail_with_a_one_entry_timeline_and_in_history_newest_first()
    {
        var store = await _host.StoreAsync("Balaji Kirana");
        var ghee = await _host.ProductAsync(store, "Amul Ghee", pricePaise: 12000, stock: 5);
        var customer = await _host.CustomerAsync();
        var first = await OrderRequests.JsonOf(await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (ghee, 1)), Guid.NewGuid()));
        var placed = await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (ghee, 2)), Guid.NewGuid());
        var id = (await OrderRequests.JsonOf(placed)).GetProperty("id").GetGuid();

        var detail = await customer.Client.GetFromJsonAsync<JsonElement>(placed.Headers.Location);
        var history = await customer.Client.GetFromJsonAsync<JsonElement[]>("/api/v1/orders");

        detail.GetProperty("order").GetProperty("id").GetGuid().ShouldBe(id);
        detail.GetProperty("order").GetProperty("status").GetString().ShouldBe("Placed");
        LinesOf(detail.GetProperty("order")).ShouldBe([(ghee.Id, 12000L, 2, 24000L)]);
        detail.GetProperty("order").GetProperty("totalPaise").GetInt64().ShouldBe(25500);
        detail.GetProperty("storePhone").GetString().ShouldBe("+918041234567");
        var entry = detail.GetProperty("timeline").EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("from").ValueKind.ShouldBe(JsonValueKind.Null);
        entry.GetProperty("to").GetString().ShouldBe("Placed");
        entry.GetProperty("actor").GetString().ShouldBe("Customer");
        history.ShouldNotBeNull();
        history.Select(o => o.GetProperty("id").GetGuid()).ShouldBe([id, first.GetProperty("id").GetGuid()]);
        history[0].GetProperty("totalPaise").GetInt64().ShouldBe(25500);
    }

    [Fact]
    public async Task An_order_to_a_saved_address_is_delivered_to_that_address()
    {
        var store = await _host.StoreAsync();
        var rice = await _host.ProductAsync(store, "India Gate Basmati", pricePaise: 11000, stock: 3);
        var customer = await _host.CustomerAsync();
        var saved = await customer.Client.PostAsJsonAsync("/api/v1/me/addresses", new
        {
            label = "Home",
            addressText = "221, 5th Cross, Defence Colony, Indiranagar",
            latitude = 12.9725,
            longitude = 77.6400,
            makeDefault = true,
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Created);
        var addressId = (await OrderRequests.JsonOf(saved)).GetProperty("id").GetGuid();

        var response = await OrderRequests.PlaceAsync(
            customer.Client, OrderRequests.For(store, (rice, 1)) with { AddressId = addressId, Address = null, Point = null }, Guid.NewGuid());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await OrderRequests.JsonOf(response)).GetProperty("deliveryAddress").GetString().ShouldBe("221, 5th Cross, Defence Colony, Indiranagar");
        var stored = (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem();
        stored.DeliveryAddress.ShouldBe("221, 5th Cross, Defence Colony, Indiranagar");
        stored.DeliveryPoint.Y.ShouldBe(12.9725, 0.000001);
        stored.DeliveryPoint.X.ShouldBe(77.6400, 0.000001);
    }

    [Fact]
    public async Task An_order_with_two_short_lines_is_refused_naming_both_and_reserves_nothing_not_even_the_line_in_stock()
    {
        var store = await _host.StoreAsync();
        var rice = await _host.ProductAsync(store, "Sona Masoori Rice", pricePaise: 6000, stock: 10);
        var oil = await _host.ProductAsync(store, "Fortune Sunflower Oil", pricePaise: 15000, stock: 1);
        var sugar = await _host.ProductAsync(store, "Madhur Sugar", pricePaise: 5000, stock: 0);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();

        var response = await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (rice, 2), (oil, 3), (sugar, 1)), key);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await OrderRequests.JsonOf(response);
        problem.GetProperty("type").GetString().ShouldBe("order.short-stock");
        problem.GetProperty("status").GetInt32().ShouldBe(409);
        problem.GetProperty("shortLines").EnumerateArray()
            .Select(s => (s.GetProperty("productId").GetGuid(), s.GetProperty("name").GetString()!, s.GetProperty("requested").GetInt32(), s.GetProperty("available").GetInt32()))
            .OrderBy(s => s.Item1)
            .ShouldBe(new[] { (oil.Id, "Fortune Sunflower Oil", 3, 1), (sugar.Id, "Madhur Sugar", 1, 0) }.OrderBy(s => s.Item1));
        (await _host.StocksAsync(rice, oil, sugar)).ShouldBe([10, 1, 0]);
        (await _host.OrdersOfAsync(customer.Id)).ShouldBeEmpty();
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_order_stores_nothing_so_the_corrected_cart_can_be_sent_with_the_same_key()
    {
        var store = await _host.StoreAsync();
        var oil = await _host.ProductAsync(store, "Fortune Sunflower Oil", pricePaise: 15000, stock: 1);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        (await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (oil, 2)), key)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var retry = await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (oil, 1)), key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await _host.StockAsync(oil)).ShouldBe(0);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Lines.ShouldHaveSingleItem().Quantity.ShouldBe(1);
    }

    private static List<(Guid ProductId, long UnitPricePaise, int Quantity, long LineTotalPaise)> LinesOf(JsonElement order) =>
        [.. order.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("productId").GetGuid(), l.GetProperty("unitPricePaise").GetInt64(), l.GetProperty("quantity").GetInt32(), l.GetProperty("lineTotalPaise").GetInt64()))
            .OrderBy(l => l.Item1)];

    private static List<(Guid ProductId, long UnitPricePaise, int Quantity, long LineTotalPaise)> Sorted(
        params (Guid ProductId, long UnitPricePaise, int Quantity, long LineTotalPaise)[] lines) => [.. lines.OrderBy(l => l.ProductId)];
}
