using System.Net;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Stores;

/// <summary>The static-SSR customer pages, rendered by the real app on the real database.</summary>
public sealed class CustomerPagesTests : AppTest, IDisposable
{
    private HttpClient _client = null!;
    private Store _store = null!;

    public void Dispose() => _client.Dispose();

    protected override Task SeedAsync(QuickCommerceDbContext db)
    {
        _store = DemoShop.Store("Sri Balaji Kirana");
        db.Stores.Add(_store);
        db.Stores.Add(DemoShop.Store("Night Owl Stores", metresNorth: 600, hours: OpeningHours.Daily(new TimeOnly(0, 0), new TimeOnly(0, 1))));
        db.Products.AddRange(
            DemoShop.Product(_store, "Aashirvaad Shudh Chakki Atta", pricePaise: 123456, mrpPaise: 130000, stock: 12),
            DemoShop.Product(_store, "Pillsbury Chakki Fresh Atta", pricePaise: 29000, mrpPaise: 29000, stock: 0),
            DemoShop.Product(_store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 30, categoryId: 6, hindiName: "दूध (doodh)"));
        return Task.CompletedTask;
    }

    protected override Task StartedAsync()
    {
        _client = App.CreateClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_home_page_offers_location_and_a_locality_form()
    {
        var html = await _client.GetStringAsync("/");

        html.ShouldContain("Use my current location");
        html.ShouldContain("Or type your locality or pincode");
        html.ShouldContain("<option value=\"Indiranagar\">");
        html.ShouldNotContain("blazor.web.js");
    }

    [Fact]
    public async Task A_typed_locality_lists_the_stores_that_deliver_there()
    {
        var html = await _client.GetStringAsync("/?place=indiranagar");

        html.ShouldContain("Stores that deliver in Indiranagar");
        html.ShouldContain("Sri Balaji Kirana");
        html.ShouldContain("Night Owl Stores");
        html.IndexOf("Sri Balaji Kirana", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("Night Owl Stores", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pincode_works_like_a_locality()
    {
        var html = await _client.GetStringAsync("/?place=560038");

        html.ShouldContain("Sri Balaji Kirana");
    }

    [Fact]
    public async Task An_unknown_locality_is_explained_not_an_error()
    {
        var response = await _client.GetAsync("/?place=Atlantis");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("We do not serve “Atlantis” yet.");
    }

    [Fact]
    public async Task Shared_coordinates_list_nearby_stores_and_bad_ones_say_so()
    {
        (await _client.GetStringAsync("/?lat=12.9719&lng=77.6412")).ShouldContain("Sri Balaji Kirana");
        (await _client.GetStringAsync("/?lat=999&lng=77.6412")).ShouldContain("That location could not be read.");
    }

    [Fact]
    public async Task The_store_page_shows_prices_in_rupees_with_mrp_struck_through_and_out_of_stock_items()
    {
        var html = await _client.GetStringAsync($"/stores/{_store.Id}");

        html.ShouldContain("<h1>Sri Balaji Kirana</h1>");
        html.ShouldContain("Atta &amp; Flours");
        html.ShouldContain("Dairy &amp; Eggs");
        html.ShouldContain("₹1,234.56");
        html.ShouldContain("<s class=\"price-mrp\" aria-label=\"MRP ₹1,300\">₹1,300</s>");
        html.ShouldContain("5% off");
        html.ShouldContain("Out of stock");
        html.ShouldContain("दूध (doodh)");
        html.ShouldContain("Min order ₹99");
        html.ShouldContain("Delivery ₹15");
    }

    [Fact]
    public async Task An_unknown_store_is_a_404_page()
    {
        var response = await _client.GetAsync($"/stores/{Guid.NewGuid()}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("We could not find that page");
    }
}
