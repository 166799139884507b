using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Stores;
using QuickCommerce.Web.Features.Checkout;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>
/// Orders that must be refused with a ProblemDetails a client can act on — and that reserve no
/// stock, write no order and leave no idempotency record behind.
/// </summary>
public sealed class PlaceOrderRefusalTests(OrdersHost host) : IClassFixture<OrdersHost>
{
    private readonly OrdersHost _host = host;

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(51)]
    [InlineData(int.MaxValue)]
    public async Task A_quantity_outside_one_to_fifty_is_a_400_naming_the_line(int quantity)
    {
        var (store, atta, customer) = await ShopAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, quantity)), HttpStatusCode.BadRequest, atta);

        OrderRequests.ErrorFor(problem, "lines[0].qty").ShouldBe("Quantity must be between 1 and 50.");
    }

    [Fact]
    public async Task Duplicate_lines_that_add_up_to_more_than_fifty_are_a_400()
    {
        var (store, atta, customer) = await ShopAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 30), (atta, 21)), HttpStatusCode.BadRequest, atta);

        OrderRequests.ErrorFor(problem, "lines[1].qty").ShouldBe("Quantity must be between 1 and 50.");
    }

    [Fact]
    public async Task An_unknown_product_is_a_422_naming_it()
    {
        var (store, atta, customer) = await ShopAsync();
        var unknown = Guid.NewGuid();
        var request = OrderRequests.For(store, (atta, 3)) with { Lines = [new LineInput(atta.Id, 3), new LineInput(unknown, 1)] };

        var problem = await RefusedAsync(customer, request, HttpStatusCode.UnprocessableEntity, atta);

        OrderRequests.ErrorFor(problem, "lines").ShouldBe($"Product {unknown} is not sold by Sharma Kirana.");
    }

    [Fact]
    public async Task A_product_of_another_store_is_a_422_naming_it()
    {
        var (store, atta, customer) = await ShopAsync();
        var otherStore = await _host.StoreAsync("Lakshmi Provisions");
        var elsewhere = await _host.ProductAsync(otherStore, "Tata Salt", pricePaise: 2800, stock: 20);

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 3), (elsewhere, 1)), HttpStatusCode.UnprocessableEntity, atta, elsewhere);

        OrderRequests.ErrorFor(problem, "lines").ShouldBe($"Product {elsewhere.Id} is not sold by Sharma Kirana.");
    }

    [Fact]
    public async Task A_point_outside_the_delivery_radius_is_a_422_naming_point()
    {
        var (store, atta, customer) = await ShopAsync();
        var delhi = OrderRequests.For(store, (atta, 3)) with { Address = "Janpath, New Delhi", Point = new PointInput(28.61, 77.21) };

        var problem = await RefusedAsync(customer, delhi, HttpStatusCode.UnprocessableEntity, atta);

        OrderRequests.ErrorFor(problem, "point").ShouldBe("Sharma Kirana does not deliver to this address.");
    }

    [Fact]
    public async Task A_store_with_no_opening_days_is_closed_and_refuses_with_409()
    {
        var store = await _host.StoreAsync("Closed Mart", hours: new OpeningHours([]));
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 3)), HttpStatusCode.Conflict, atta);

        problem.GetProperty("type").GetString().ShouldBe("store.closed");
        problem.GetProperty("title").GetString().ShouldBe("Closed Mart is closed now.");
    }

    [Fact]
    public async Task A_store_switched_off_by_its_owner_refuses_with_409()
    {
        var store = await _host.StoreAsync("Resting Mart", acceptingOrders: false);
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 3)), HttpStatusCode.Conflict, atta);

        problem.GetProperty("type").GetString().ShouldBe("store.closed");
    }

    [Fact]
    public async Task A_store_not_yet_approved_is_not_found()
    {
        var store = await _host.StoreAsync("Pending Mart", approved: false);
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 3)), HttpStatusCode.NotFound, atta);

        problem.GetProperty("title").GetString().ShouldBe("There is no such store.");
    }

    [Fact]
    public async Task A_cart_below_the_minimum_order_is_a_422()
    {
        var (store, atta, customer) = await ShopAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 2)), HttpStatusCode.UnprocessableEntity, atta);

        OrderRequests.ErrorFor(problem, "lines").ShouldContain("minimum order");
        problem.GetProperty("title").GetString().ShouldBe("Below the store's minimum order.");
    }

    [Fact]
    public async Task Malformed_json_is_a_400()
    {
        var (store, atta, customer) = await ShopAsync();
        var key = Guid.NewGuid();
        using var content = new StringContent($"{{\"storeId\": \"{store.Id}\", \"lines\": [", Encoding.UTF8, "application/json");

        var response = await OrderRequests.PlaceAsync(customer.Client, content, key.ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await NothingWrittenAsync(customer, key, [atta], [10]);
    }

    [Fact]
    public async Task An_empty_cart_is_a_400()
    {
        var (store, atta, customer) = await ShopAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store), HttpStatusCode.BadRequest, atta);

        OrderRequests.ErrorFor(problem, "lines").ShouldBe("The cart is empty.");
    }

    [Fact]
    public async Task An_unknown_payment_method_is_a_400_naming_it()
    {
        var (store, atta, customer) = await ShopAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 3)) with { PaymentMethod = "card" }, HttpStatusCode.BadRequest, atta);

        OrderRequests.ErrorFor(problem, "paymentMethod").ShouldBe("Payment method must be \"cod\" or \"upi-placeholder\".");
    }

    [Fact]
    public async Task A_note_of_501_characters_is_a_400()
    {
        var (store, atta, customer) = await ShopAsync();

        var problem = await RefusedAsync(customer, OrderRequests.For(store, (atta, 3)) with { Note = new string('n', 501) }, HttpStatusCode.BadRequest, atta);

        OrderRequests.ErrorFor(problem, "note").ShouldBe("Keep the note under 500 characters.");
    }

    [Fact]
    public async Task Someone_elses_saved_address_is_a_422()
    {
        var (store, atta, customer) = await ShopAsync();
        var neighbour = await _host.CustomerAsync();
        var saved = await neighbour.Client.PostAsJsonAsync("/api/v1/me/addresses", new
        {
            label = "Home",
            addressText = "3, 80 Feet Road, Indiranagar",
            latitude = 12.9719,
            longitude = 77.6412,
            makeDefault = true,
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Created);
        var theirs = (await OrderRequests.JsonOf(saved)).GetProperty("id").GetGuid();

        var problem = await RefusedAsync(
            customer, OrderRequests.For(store, (atta, 3)) with { AddressId = theirs, Address = null, Point = null }, HttpStatusCode.UnprocessableEntity, atta);

        OrderRequests.ErrorFor(problem, "addressId").ShouldBe("There is no such saved address.");
        (await _host.OrdersOfAsync(neighbour.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_suspended_customers_token_is_refused_with_401()
    {
        var (store, atta, customer) = await ShopAsync();
        await _host.SuspendAsync(customer);
        var key = Guid.NewGuid();

        var response = await OrderRequests.PlaceAsync(customer.Client, OrderRequests.For(store, (atta, 3)), key);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await NothingWrittenAsync(customer, key, [atta], [10]);
    }

    /// <summary>A store with atta at ₹45 (10 in stock): three bags clear the ₹99 minimum, two do not.</summary>
    private async Task<(Store Store, Product Atta, SignedInCustomer Customer)> ShopAsync()
    {
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        return (store, atta, await _host.CustomerAsync());
    }

    /// <summary>Sends the order, expects <paramref name="status"/> with a ProblemDetails body, and checks nothing was written.</summary>
    private async Task<JsonElement> RefusedAsync(SignedInCustomer customer, PlaceOrderRequest request, HttpStatusCode status, params Product[] products)
    {
        var before = await _host.StocksAsync(products);
        var key = Guid.NewGuid();

        var response = await OrderRequests.PlaceAsync(customer.Client, request, key);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await OrderRequests.JsonOf(response);
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        await NothingWrittenAsync(customer, key, products, before);
        return problem;
    }

    private async Task NothingWrittenAsync(SignedInCustomer customer, Guid key, Product[] products, int[] stocks)
    {
        (await _host.StocksAsync(products)).ShouldBe(stocks);
        (await _host.OrdersOfAsync(customer.Id)).ShouldBeEmpty();
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(0);
    }
}
