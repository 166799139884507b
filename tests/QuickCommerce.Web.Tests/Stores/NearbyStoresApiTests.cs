using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Stores;

public sealed class NearbyStoresApiTests : AppTest, IDisposable
{
    private HttpClient _client = null!;

    public void Dispose() => _client.Dispose();

    protected override Task SeedAsync(QuickCommerceDbContext db)
    {
        db.Stores.AddRange(
            DemoShop.Store("Lakshmi Provisions", metresNorth: 400),
            DemoShop.Store("Balaji Kirana", metresNorth: 150),
            DemoShop.Store("Pending Mart", metresNorth: 100, approved: false));
        return Task.CompletedTask;
    }

    protected override Task StartedAsync()
    {
        _client = App.CreateClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Nearby_returns_approved_stores_nearest_first_as_json()
    {
        var response = await _client.GetAsync("/api/v1/stores/nearby?lat=12.9719&lng=77.6412");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stores = await response.Content.ReadFromJsonAsync<JsonElement[]>();
        stores.ShouldNotBeNull();
        stores.Select(s => s.GetProperty("name").GetString()).ShouldBe(["Balaji Kirana", "Lakshmi Provisions"]);
        var first = stores[0];
        first.GetProperty("id").GetGuid().ShouldNotBe(Guid.Empty);
        first.GetProperty("locality").GetString().ShouldBe("Indiranagar");
        first.GetProperty("distanceMeters").GetInt32().ShouldBeInRange(145, 155);
        first.GetProperty("isOpen").GetBoolean().ShouldBeTrue();
        first.GetProperty("opensAt").ValueKind.ShouldBe(JsonValueKind.Null);
        first.GetProperty("etaMinutes").GetInt32().ShouldBe(10);
        first.GetProperty("minOrderPaise").GetInt64().ShouldBe(9900);
    }

    [Fact]
    public async Task A_point_far_from_every_store_returns_an_empty_list()
    {
        var stores = await _client.GetFromJsonAsync<JsonElement[]>("/api/v1/stores/nearby?lat=28.6139&lng=77.2090");

        stores.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("lat=abc&lng=77.6412", "lat", "Latitude must be a number.")]
    [InlineData("lat=91&lng=77.6412", "lat", "Latitude must be between -90 and 90.")]
    [InlineData("lng=77.6412", "lat", "Latitude is required.")]
    [InlineData("lat=12.97&lng=181", "lng", "Longitude must be between -180 and 180.")]
    [InlineData("lat=12.97&lng=NaN", "lng", "Longitude must be a number.")]
    [InlineData("lat=12.97&lng=77.64&radiusKm=0", "radiusKm", "Search radius (km) must be between 0.1 and 20.")]
    [InlineData("lat=12.97&lng=77.64&radiusKm=500", "radiusKm", "Search radius (km) must be between 0.1 and 20.")]
    [InlineData("lat=12.97&lng=77.64&includeClosed=maybe", "includeClosed", "includeClosed must be true or false.")]
    public async Task Bad_coordinates_or_radius_get_a_problem_naming_the_field(string query, string field, string message)
    {
        var response = await _client.GetAsync($"/api/v1/stores/nearby?{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("The location or radius is not valid.");
        problem.GetProperty("errors").GetProperty(field)[0].GetString().ShouldBe(message);
    }
}
