using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Catalog;

public sealed class SearchAfterOrderTests : AppTest
{
    [Fact]
    public async Task Buying_the_last_units_shows_out_of_stock_in_the_next_search_and_cancelling_brings_them_back()
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        var paneer = DemoShop.Product(store, "Amul Fresh Paneer", pricePaise: 9900, mrpPaise: 9900, stock: 2, categoryId: 6, hindiName: "पनीर (paneer)");
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.Add(paneer);
            await db.SaveChangesAsync();
        }

        using var anonymous = App.CreateClient();
        const string search = "/api/v1/search?q=paneer&lat=12.9719&lng=77.6412";
        (await InStockAsync(anonymous, search)).ShouldBeTrue(); // cached from here on

        using var customer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
        var orderId = await OrderRequests.PlaceCreatedAsync(customer, OrderRequests.For(store, (paneer, 2)));

        (await InStockAsync(anonymous, search)).ShouldBeFalse();

        (await customer.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await InStockAsync(anonymous, search)).ShouldBeTrue();
    }

    private static async Task<bool> InStockAsync(HttpClient client, string url)
    {
        var hits = await client.GetFromJsonAsync<JsonElement[]>(url);
        return hits!.Single().GetProperty("inStock").GetBoolean();
    }
}
