using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Ordering;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>POST /api/v1/orders/{id}/cancel: the customer takes back an order the store has not accepted yet.</summary>
public sealed class CancelOrderApiTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    private readonly OrdersHost _host = host;

    [Fact]
    public async Task Cancelling_a_placed_order_puts_the_stock_back_and_adds_a_second_timeline_entry()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();

        var response = await customer.Client.PostAsync($"/api/v1/orders/{id}/cancel", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _host.StocksAsync(atta, dal)).ShouldBe([10, 4]);
        var detail = await customer.Client.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        detail.GetProperty("order").GetProperty("status").GetString().ShouldBe("Cancelled");
        detail.GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("from").GetString(), e.GetProperty("to").GetString(), e.GetProperty("actor").GetString()))
            .ShouldBe([(null, "Placed", "Customer"), ("Placed", "Cancelled", "Customer")]);
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Cancelled);
        var events = await _host.EventsOfAsync(id);
        events.Select(e => (e.FromStatus, e.ToStatus, e.ActorRole)).ShouldBe(
            [(null, OrderStatus.Placed, ActorRole.Customer), (OrderStatus.Placed, OrderStatus.Cancelled, ActorRole.Customer)]);
        events[1].ActorId.ShouldBe(customer.Id);
    }

    [Fact]
    public async Task Cancelling_twice_is_a_conflict_and_puts_the_stock_back_only_once()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        (await customer.Client.PostAsync($"/api/v1/orders/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var again = await customer.Client.PostAsync($"/api/v1/orders/{id}/cancel", null);

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await OrderRequests.JsonOf(again)).GetProperty("status").GetInt32().ShouldBe(409);
        (await _host.StocksAsync(atta, dal)).ShouldBe([10, 4]);
        (await _host.EventsOfAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_customer_can_neither_see_nor_cancel_the_order()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        var stranger = await _host.CustomerAsync();

        var cancel = await stranger.Client.PostAsync($"/api/v1/orders/{id}/cancel", null);

        cancel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.GetAsync($"/api/v1/orders/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Client.GetFromJsonAsync<JsonElement[]>("/api/v1/orders")).ShouldBeEmpty();
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Placed);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
    }

    /// <summary>
    /// The customer may cancel, just not any more: a conflict with the order's state (409), the
    /// same answer as when the store accepts a moment before the cancel lands — not a 403.
    /// </summary>
    [Fact]
    public async Task Cancelling_after_the_store_accepted_is_a_conflict_and_leaves_the_order_and_its_stock_alone()
    {
        var (customer, id, atta, dal) = await PlacedOrderAsync();
        await _host.AcceptAsMerchantAsync(id);

        var response = await customer.Client.PostAsync($"/api/v1/orders/{id}/cancel", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await OrderRequests.JsonOf(response)).GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Status.ShouldBe(OrderStatus.Accepted);
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
        (await _host.EventsOfAsync(id)).Select(e => e.ToStatus).ShouldBe([OrderStatus.Placed, OrderStatus.Accepted]);
    }

    /// <summary>A fresh customer's Placed order of 3 atta (10 on the shelf) and 1 dal (4 on the shelf).</summary>
    private async Task<(SignedInCustomer Customer, Guid OrderId, Product Atta, Product Dal)> PlacedOrderAsync()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var dal = await _host.ProductAsync(store, "Toor Dal", pricePaise: 2000, stock: 4);
        var customer = await _host.CustomerAsync();
        var orderId = await OrderRequests.PlaceCreatedAsync(customer.Client, OrderRequests.For(store, (atta, 3), (dal, 1)));
        (await _host.StocksAsync(atta, dal)).ShouldBe([7, 3]);
        return (customer, orderId, atta, dal);
    }
}
