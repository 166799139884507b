using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

public sealed class SavedAddressesApiTests : AppTest, IDisposable
{
    private HttpClient _customer = null!;
    private HttpClient _otherCustomer = null!;

    public void Dispose()
    {
        _customer.Dispose();
        _otherCustomer.Dispose();
    }

    protected override async Task StartedAsync()
    {
        _customer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
        _otherCustomer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
    }

    [Fact]
    public async Task The_first_saved_address_becomes_the_default_and_later_ones_do_not()
    {
        var home = await AddAsync(_customer, "Home", makeDefault: false);
        var office = await AddAsync(_customer, "Office", makeDefault: false);

        home.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        office.GetProperty("isDefault").GetBoolean().ShouldBeFalse();
        var list = await _customer.GetFromJsonAsync<JsonElement[]>("/api/v1/me/addresses");
        list!.Select(a => a.GetProperty("label").GetString()).ShouldBe(["Home", "Office"]);
        list![0].GetProperty("latitude").GetDouble().ShouldBe(12.9719, 0.00001);
    }

    [Fact]
    public async Task Choosing_another_default_leaves_exactly_one_default()
    {
        await AddAsync(_customer, "Home", makeDefault: false);
        var office = await AddAsync(_customer, "Office", makeDefault: false);

        var response = await _customer.PutAsync($"/api/v1/me/addresses/{office.GetProperty("id").GetGuid()}/default", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var list = await _customer.GetFromJsonAsync<JsonElement[]>("/api/v1/me/addresses");
        list!.Where(a => a.GetProperty("isDefault").GetBoolean()).Select(a => a.GetProperty("label").GetString()).ShouldBe(["Office"]);
    }

    [Fact]
    public async Task Deleting_the_default_makes_the_oldest_remaining_address_the_default()
    {
        var home = await AddAsync(_customer, "Home", makeDefault: false);
        await AddAsync(_customer, "Office", makeDefault: false);
        await AddAsync(_customer, "Parents", makeDefault: false);

        (await _customer.DeleteAsync($"/api/v1/me/addresses/{home.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var list = await _customer.GetFromJsonAsync<JsonElement[]>("/api/v1/me/addresses");
        list!.Select(a => (a.GetProperty("label").GetString(), a.GetProperty("isDefault").GetBoolean())).ShouldBe([("Office", true), ("Parents", false)]);
    }

    [Fact]
    public async Task Another_customers_address_cannot_be_seen_changed_or_deleted()
    {
        var mine = await AddAsync(_customer, "Home", makeDefault: true);
        var id = mine.GetProperty("id").GetGuid();

        (await _otherCustomer.GetFromJsonAsync<JsonElement[]>("/api/v1/me/addresses")).ShouldBeEmpty();
        (await _otherCustomer.PutAsync($"/api/v1/me/addresses/{id}/default", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _otherCustomer.DeleteAsync($"/api/v1/me/addresses/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _customer.GetFromJsonAsync<JsonElement[]>("/api/v1/me/addresses")).ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("", "12, 100 Feet Road", 12.97, 77.64, "label", "Give the address a label, e.g. Home.")]
    [InlineData("Home", "", 12.97, 77.64, "addressText", "Enter the address.")]
    [InlineData("A label far longer than thirty characters", "12, 100 Feet Road", 12.97, 77.64, "label", "Keep the label under 30 characters.")]
    [InlineData("Home", "12, 100 Feet Road", 95.0, 77.64, "latitude", "Latitude must be between -90 and 90.")]
    [InlineData("Home", "12, 100 Feet Road", 12.97, -200.0, "longitude", "Longitude must be between -180 and 180.")]
    public async Task A_bad_address_is_refused_naming_the_field_and_nothing_is_saved(string label, string text, double lat, double lng, string field, string message)
    {
        var response = await _customer.PostAsJsonAsync("/api/v1/me/addresses", new { label, addressText = text, latitude = lat, longitude = lng });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty(field)[0].GetString().ShouldBe(message);
        (await _customer.GetFromJsonAsync<JsonElement[]>("/api/v1/me/addresses")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Malformed_json_is_a_400()
    {
        using var content = new StringContent("{\"label\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await _customer.PostAsync("/api/v1/me/addresses", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_eleventh_address_is_refused()
    {
        for (var i = 1; i <= 10; i++)
        {
            await AddAsync(_customer, $"Place {i}", makeDefault: false);
        }

        var response = await _customer.PostAsJsonAsync("/api/v1/me/addresses", new { label = "One more", addressText = "Road", latitude = 12.97, longitude = 77.64 });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("You can keep up to 10 addresses. Delete one first.");
    }

    private static async Task<JsonElement> AddAsync(HttpClient client, string label, bool makeDefault)
    {
        var response = await client.PostAsJsonAsync("/api/v1/me/addresses", new
        {
            label,
            addressText = $"{label}, 12th Main, Indiranagar, Bengaluru",
            latitude = 12.9719,
            longitude = 77.6412,
            makeDefault,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
