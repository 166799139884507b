using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Catalog;

/// <summary>GET /api/v1/search and the /search page, on the real app and database.</summary>
public sealed class SearchApiTests : AppTest, IDisposable
{
    private const string Here = "lat=12.9719&lng=77.6412";
    private const string SixtyOneLetters = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private HttpClient _client = null!;
    private Store _balaji = null!;
    private Store _lakshmi = null!;
    private Product _paneer = null!;

    public void Dispose() => _client.Dispose();

    protected override Task SeedAsync(QuickCommerceDbContext db)
    {
        _balaji = DemoShop.Store("Sri Balaji Kirana", metresNorth: 300);
        _lakshmi = DemoShop.Store("Lakshmi Provisions", metresNorth: 900);
        _paneer = Product(_balaji, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 9000, 9500, stock: 6, categoryId: 6);
        db.Stores.AddRange(_balaji, _lakshmi);
        db.Products.AddRange(
            _paneer,
            Product(_lakshmi, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 8800, 9500, stock: 0, categoryId: 6),
            Product(_balaji, "Nandini Toned Milk", "दूध (doodh)", "Nandini", "500 ml", 2400, 2400, stock: 30, categoryId: 6));
        return Task.CompletedTask;
    }

    protected override Task StartedAsync()
    {
        _client = App.CreateClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Search_returns_matching_products_of_the_delivering_stores_as_json()
    {
        var response = await _client.GetAsync($"/api/v1/search?q=panner&{Here}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var hits = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        hits.ShouldNotBeNull();
        hits.Length.ShouldBe(2);
        var first = hits[0];
        first.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["productId", "storeId", "storeName", "name", "hindiName", "unit", "pricePaise", "mrpPaise", "inStock", "distanceMeters"]);
        first.GetProperty("productId").GetGuid().ShouldBe(_paneer.Id);
        first.GetProperty("storeId").GetGuid().ShouldBe(_balaji.Id);
        first.GetProperty("storeName").GetString().ShouldBe("Sri Balaji Kirana");
        first.GetProperty("name").GetString().ShouldBe("Amul Fresh Paneer");
        first.GetProperty("hindiName").GetString().ShouldBe("पनीर (paneer)");
        first.GetProperty("unit").GetString().ShouldBe("200 g");
        first.GetProperty("pricePaise").GetInt64().ShouldBe(9000);
        first.GetProperty("mrpPaise").GetInt64().ShouldBe(9500);
        first.GetProperty("inStock").GetBoolean().ShouldBeTrue();
        first.GetProperty("distanceMeters").GetInt32().ShouldBeInRange(295, 305);
        hits[1].GetProperty("storeName").GetString().ShouldBe("Lakshmi Provisions");
        hits[1].GetProperty("inStock").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Filters_and_sort_come_from_the_query_string()
    {
        var inStock = await _client.GetFromJsonAsync<JsonElement[]>($"/api/v1/search?q=paneer&{Here}&inStock=true");
        var cheapest = await _client.GetFromJsonAsync<JsonElement[]>($"/api/v1/search?q=paneer&{Here}&sort=PRICE");
        var dairyUnder90 = await _client.GetFromJsonAsync<JsonElement[]>($"/api/v1/search?q=amul&{Here}&category=6&minPrice=0&maxPrice=8900");

        inStock.ShouldHaveSingleItem().GetProperty("storeName").GetString().ShouldBe("Sri Balaji Kirana");
        cheapest!.Select(h => h.GetProperty("pricePaise").GetInt64()).ShouldBe([8800, 9000]);
        dairyUnder90.ShouldHaveSingleItem().GetProperty("pricePaise").GetInt64().ShouldBe(8800);
    }

    [Fact]
    public async Task A_search_inside_one_store_needs_no_point()
    {
        var hits = await _client.GetFromJsonAsync<JsonElement[]>($"/api/v1/search?q=paneer&storeId={_lakshmi.Id}");

        var hit = hits.ShouldHaveSingleItem();
        hit.GetProperty("storeId").GetGuid().ShouldBe(_lakshmi.Id);
        hit.GetProperty("distanceMeters").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData(Here, "q", "Type what you are looking for.")]
    [InlineData("q=%20%20&" + Here, "q", "Type what you are looking for.")]
    [InlineData("q=a&" + Here, "q", "Search text must be 2 to 60 characters.")]
    [InlineData("q=" + SixtyOneLetters + "&" + Here, "q", "Search text must be 2 to 60 characters.")]
    [InlineData("q=paneer&lat=abc&lng=77.6412", "lat", "Latitude must be a number.")]
    [InlineData("q=paneer&lng=77.6412", "lat", "Latitude is required.")]
    [InlineData("q=paneer&lat=12.97&lng=200", "lng", "Longitude must be between -180 and 180.")]
    [InlineData("q=paneer&" + Here + "&sort=cheapest", "sort", "Sort must be relevance, price or distance.")]
    [InlineData("q=paneer&" + Here + "&sort=1", "sort", "Sort must be relevance, price or distance.")]
    [InlineData("q=paneer&" + Here + "&minPrice=5000&maxPrice=1000", "minPrice", "Minimum price must not be more than the maximum price.")]
    [InlineData("q=paneer&" + Here + "&minPrice=-1", "minPrice", "Minimum price (paise) must be 0 or more.")]
    [InlineData("q=paneer&" + Here + "&maxPrice=99.5", "maxPrice", "Maximum price (paise) must be a whole number.")]
    [InlineData("q=paneer&" + Here + "&category=dairy", "category", "Category must be a whole number.")]
    [InlineData("q=paneer&" + Here + "&inStock=yes", "inStock", "inStock must be true or false.")]
    [InlineData("q=paneer&" + Here + "&storeId=balaji", "storeId", "Store id must be a store's id (a GUID).")]
    [InlineData("q=paneer&" + Here + "&limit=101", "limit", "Limit must be between 1 and 100.")]
    public async Task A_bad_value_gets_a_problem_naming_the_field(string query, string field, string message)
    {
        var response = await _client.GetAsync($"/api/v1/search?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("The search is not valid.");
        problem.GetProperty("errors").GetProperty(field)[0].GetString().ShouldBe(message);
    }

    [Fact]
    public async Task The_search_page_lists_the_paneer_with_its_store_name_price_and_a_link_to_it()
    {
        var response = await _client.GetAsync($"/search?q=paneer&{Here}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Results for “paneer”");
        html.ShouldContain("Amul Fresh Paneer");
        html.ShouldContain("Sri Balaji Kirana");
        html.ShouldContain("Lakshmi Provisions");
        html.ShouldMatch(@"Sri Balaji Kirana\s*· (29\d|30\d) m");
        html.ShouldContain("₹90");
        html.ShouldContain("Out of stock");
        html.ShouldContain($"href=\"/stores/{_balaji.Id}#p-{_paneer.Id}\"");
        html.ShouldNotContain("blazor.web.js");
        html.Length.ShouldBeLessThan(60_000);
    }

    [Fact]
    public async Task The_search_page_works_from_a_typed_locality_and_inside_one_store()
    {
        var byLocality = await _client.GetStringAsync("/search?q=doodh&place=indiranagar");
        var inStore = await _client.GetStringAsync($"/search?q=paneer&storeId={_lakshmi.Id}");

        byLocality.ShouldContain("Nandini Toned Milk");
        inStore.ShouldContain("“paneer” in Lakshmi Provisions");
        inStore.ShouldNotContain("Sri Balaji Kirana");
        inStore.ShouldContain($"href=\"/stores/{_lakshmi.Id}\"");
    }

    [Fact]
    public async Task The_search_page_explains_a_missing_place_and_a_search_with_no_match()
    {
        var noPlace = await _client.GetStringAsync("/search?q=paneer");
        var noMatch = await _client.GetStringAsync($"/search?q=xylophone&{Here}");

        noPlace.ShouldContain("We need to know where to deliver.");
        noMatch.ShouldContain("Nothing matches “xylophone”");
    }

    [Fact]
    public async Task The_home_and_store_pages_offer_a_search_box()
    {
        var home = await _client.GetStringAsync($"/?{Here}");
        var store = await _client.GetStringAsync($"/stores/{_balaji.Id}");

        home.ShouldContain("action=\"/search\"");
        home.ShouldContain("name=\"lat\" value=\"12.9719\"");
        store.ShouldContain("Search this store");
        store.ShouldContain($"name=\"storeId\" value=\"{_balaji.Id}\"");
    }

    private static Product Product(Store store, string name, string hindiName, string brand, string unit, long pricePaise, long mrpPaise, int stock, int categoryId) =>
        new(Guid.NewGuid(), store.Id, categoryId, name, hindiName, brand, unit, new Money(pricePaise), new Money(mrpPaise), stock, null);
}
