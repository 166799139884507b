using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.StoreSettings;

/// <summary>
/// /api/v1/merchant/store on the real app and database: each rule's 400 names its field and writes
/// nothing; the switch and holiday closures reach the nearby list and checkout at once.
/// </summary>
public sealed class StoreSettingsApiTests : AppTest, IDisposable
{
    private const string Settings = "/api/v1/merchant/store";
    private const string Nearby = "/api/v1/stores/nearby?lat=12.9719&lng=77.6412";
    private static readonly string[] Week = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private Store _store = null!;
    private Product _atta = null!;
    private HttpClient _owner = null!;
    private HttpClient _otherMerchant = null!;
    private HttpClient _customer = null!;
    private HttpClient _anonymous = null!;

    /// <summary>Today in the shop's own calendar (Asia/Kolkata).</summary>
    private static DateOnly Today => StoreTimetable.LocalDay(DateTimeOffset.UtcNow, Store.DefaultTimeZone);

    public void Dispose()
    {
        _owner.Dispose();
        _otherMerchant.Dispose();
        _customer.Dispose();
        _anonymous.Dispose();
    }

    protected override async Task StartedAsync()
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        _store = new Store(Guid.NewGuid(), merchant.Id, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), new Money(9900), new Money(1500), DateTimeOffset.UnixEpoch);
        _store.Approve();
        _atta = DemoShop.Product(_store, "Aashirvaad Atta", pricePaise: 24500, mrpPaise: 26000, stock: 500);
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(_store);
            db.Products.Add(_atta);
            await db.SaveChangesAsync();
        }

        _owner = await TestAccounts.ClientForAsync(App, merchant);
        _otherMerchant = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Merchant));
        _customer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));
        _anonymous = App.CreateClient();
    }

    [Fact]
    public async Task The_owner_reads_the_shops_settings_with_every_weekday()
    {
        var settings = await _owner.GetFromJsonAsync<JsonElement>(Settings);

        settings.GetProperty("storeId").GetGuid().ShouldBe(_store.Id);
        settings.GetProperty("isAcceptingOrders").GetBoolean().ShouldBeTrue();
        settings.GetProperty("isOpenNow").GetBoolean().ShouldBeTrue();
        settings.GetProperty("timeZoneId").GetString().ShouldBe("Asia/Kolkata");
        settings.GetProperty("hours").EnumerateArray().Select(d => d.GetProperty("day").GetString()).ShouldBe(Week);
        settings.GetProperty("hours")[0].GetProperty("opens").GetString().ShouldBe("00:00");
        settings.GetProperty("deliveryRadiusMetres").GetInt32().ShouldBe(4000);
        settings.GetProperty("minimumOrderPaise").GetInt64().ShouldBe(9900);
        settings.GetProperty("deliveryFeePaise").GetInt64().ShouldBe(1500);
        settings.GetProperty("phone").GetString().ShouldBe("+918041234567");
        settings.GetProperty("photoUrl").ValueKind.ShouldBe(JsonValueKind.Null);
        settings.GetProperty("closures").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_merchant_without_a_shop_gets_not_found()
    {
        (await _otherMerchant.GetAsync(Settings)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _otherMerchant.PostAsJsonAsync($"{Settings}/open", new { open = false })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Saving_settings_stores_them_all_with_the_phone_normalised()
    {
        var body = ValidBody();
        body["hours"]![5] = Day("Saturday", opens: "18:00", closes: "02:00");
        body["hours"]![6] = Day("Sunday", closed: true);

        var response = await _owner.PutAsJsonAsync(Settings, body);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        saved.GetProperty("phone").GetString().ShouldBe("+919845012345");
        saved.GetProperty("hours")[6].GetProperty("closed").GetBoolean().ShouldBeTrue();

        await using var db = Database.NewContext();
        var store = await db.Stores.AsNoTracking().SingleAsync(s => s.Id == _store.Id);
        store.DeliveryRadiusMetres.ShouldBe(3000);
        store.MinimumOrderPaise.ShouldBe(14900);
        store.DeliveryFeePaise.ShouldBe(2000);
        store.Phone.ShouldBe("+919845012345");
        store.Hours.Days.Select(d => d.Day).ShouldNotContain(DayOfWeek.Sunday);
        store.Hours.Days.Single(d => d.Day == DayOfWeek.Saturday).ShouldBe(new DailyHours(DayOfWeek.Saturday, new TimeOnly(18, 0), new TimeOnly(2, 0)));
    }

    [Theory]
    [InlineData("radius-too-small", "deliveryRadiusMetres")]
    [InlineData("radius-too-large", "deliveryRadiusMetres")]
    [InlineData("radius-not-a-number", "deliveryRadiusMetres")]
    [InlineData("minimum-negative", "minimumOrderPaise")]
    [InlineData("minimum-in-rupees-text", "minimumOrderPaise")]
    [InlineData("fee-too-high", "deliveryFeePaise")]
    [InlineData("fee-missing", "deliveryFeePaise")]
    [InlineData("phone-not-indian", "phone")]
    [InlineData("phone-missing", "phone")]
    [InlineData("six-days", "hours")]
    [InlineData("hours-not-a-list", "hours")]
    [InlineData("every-day-closed", "hours")]
    [InlineData("time-not-hh-mm", "hours[2].opens")]
    [InlineData("closing-time-missing", "hours[4].closes")]
    [InlineData("day-twice", "hours[6].day")]
    [InlineData("unknown-day", "hours[0].day")]
    public async Task Each_bad_setting_is_a_400_naming_the_field_and_nothing_is_written(string fault, string field)
    {
        var before = await SnapshotAsync();
        var body = ValidBody();
        switch (fault)
        {
            case "radius-too-small": body["deliveryRadiusMetres"] = 100; break;
            case "radius-too-large": body["deliveryRadiusMetres"] = 25_000; break;
            case "radius-not-a-number": body["deliveryRadiusMetres"] = "far"; break;
            case "minimum-negative": body["minimumOrderPaise"] = -1; break;
            case "minimum-in-rupees-text": body["minimumOrderPaise"] = "₹149"; break;
            case "fee-too-high": body["deliveryFeePaise"] = 50_000; break;
            case "fee-missing": body.Remove("deliveryFeePaise"); break;
            case "phone-not-indian": body["phone"] = "+1 415 555 0100"; break;
            case "phone-missing": body.Remove("phone"); break;
            case "six-days": body["hours"]!.AsArray().RemoveAt(6); break;
            case "hours-not-a-list": body["hours"] = "24x7"; break;
            case "every-day-closed": body["hours"] = new JsonArray([.. Week.Select(d => Day(d, closed: true))]); break;
            case "time-not-hh-mm": body["hours"]![2]!["opens"] = "7am"; break;
            case "closing-time-missing": body["hours"]![4]!.AsObject().Remove("closes"); break;
            case "day-twice": body["hours"]![6]!["day"] = "Monday"; break;
            case "unknown-day": body["hours"]![0]!["day"] = "Funday"; break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, "No such fault.");
        }

        var response = await _owner.PutAsJsonAsync(Settings, body);

        await ShouldBeProblemNamingAsync(response, field);
        (await SnapshotAsync()).ShouldBe(before, "a refused change must write nothing, not even its valid fields");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_naming_the_body()
    {
        using var content = new StringContent("{ hours: ", Encoding.UTF8, "application/json");

        await ShouldBeProblemNamingAsync(await _owner.PutAsync(Settings, content), "body");
    }

    [Fact]
    public async Task Switching_off_hides_the_shop_from_nearby_at_once_even_among_closed_ones_and_switching_on_brings_it_back()
    {
        (await NearbyIdsAsync()).ShouldContain(_store.Id);

        var off = await _owner.PostAsJsonAsync($"{Settings}/open", new { open = false });

        off.StatusCode.ShouldBe(HttpStatusCode.OK);
        var state = await off.Content.ReadFromJsonAsync<JsonElement>();
        state.GetProperty("isAcceptingOrders").GetBoolean().ShouldBeFalse();
        state.GetProperty("isOpenNow").GetBoolean().ShouldBeFalse();
        (await NearbyIdsAsync()).ShouldNotContain(_store.Id);
        (await NearbyIdsAsync(includeClosed: true)).ShouldNotContain(_store.Id, "a switched-off shop is not even listed as closed");
        var refused = await PlaceOrderAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("Sri Balaji Kirana is closed now.");

        (await _owner.PostAsJsonAsync($"{Settings}/open", new { open = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await NearbyIdsAsync()).ShouldContain(_store.Id);
        (await NearbyIdsAsync(includeClosed: true)).ShouldContain(_store.Id);
        (await PlaceOrderAsync()).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"open\":\"yes\"}")]
    [InlineData("{\"open\":null}")]
    public async Task The_switch_needs_true_or_false(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        await ShouldBeProblemNamingAsync(await _owner.PostAsync($"{Settings}/open", content), "open");
        (await SnapshotAsync()).IsAcceptingOrders.ShouldBeTrue();
    }

    [Fact]
    public async Task A_closure_today_closes_the_shop_in_nearby_and_checkout_until_it_is_removed()
    {
        var added = await _owner.PostAsJsonAsync($"{Settings}/closures", new { firstDay = Today, lastDay = Today.AddDays(1), reason = "Diwali" });

        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var closure = await added.Content.ReadFromJsonAsync<JsonElement>();
        var id = closure.GetProperty("id").GetGuid();
        added.Headers.Location!.ToString().ShouldBe($"{Settings}/closures/{id}");
        closure.GetProperty("reason").GetString().ShouldBe("Diwali");

        (await NearbyIdsAsync()).ShouldNotContain(_store.Id);
        var listed = (await _anonymous.GetFromJsonAsync<JsonElement[]>($"{Nearby}&includeClosed=true"))!.Single(s => s.GetProperty("id").GetGuid() == _store.Id);
        listed.GetProperty("isOpen").GetBoolean().ShouldBeFalse();
        listed.GetProperty("opensAt").GetDateTimeOffset().ShouldBe(StoreTimetable.StartOfDay(Today.AddDays(2), Store.DefaultTimeZone));

        var refused = await PlaceOrderAsync();
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("store.closed");
        problem.GetProperty("title").GetString()!.ShouldStartWith("Sri Balaji Kirana is closed today through ");
        problem.GetProperty("title").GetString()!.ShouldEndWith("(Diwali).");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Opens ");

        var settings = await _owner.GetFromJsonAsync<JsonElement>(Settings);
        settings.GetProperty("isOpenNow").GetBoolean().ShouldBeFalse();
        settings.GetProperty("closures").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ShouldBe([id]);

        (await _owner.DeleteAsync($"{Settings}/closures/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await NearbyIdsAsync()).ShouldContain(_store.Id);
        (await PlaceOrderAsync()).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_store_page_shows_a_shop_on_holiday_as_closed()
    {
        (await _owner.PostAsJsonAsync($"{Settings}/closures", new { firstDay = Today, lastDay = Today.AddDays(1) })).EnsureSuccessStatusCode();

        var html = await _anonymous.GetStringAsync($"/stores/{_store.Id}");

        html.ShouldContain("badge-closed");
        html.ShouldNotContain("badge-open");
    }

    [Fact]
    public async Task A_closure_sent_twice_is_scheduled_once()
    {
        var body = new { firstDay = Today.AddDays(20), lastDay = Today.AddDays(21), reason = "Family wedding" };

        var first = await _owner.PostAsJsonAsync($"{Settings}/closures", body);
        var again = await _owner.PostAsJsonAsync($"{Settings}/closures", body);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
            .ShouldBe((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        (await ClosureCountAsync()).ShouldBe(1);
    }

    [Theory]
    [InlineData("past-only", "lastDay")]
    [InlineData("ends-before-it-starts", "lastDay")]
    [InlineData("longer-than-sixty-days", "lastDay")]
    [InlineData("more-than-a-year-ahead", "firstDay")]
    [InlineData("overlapping", "firstDay")]
    [InlineData("first-day-not-iso", "firstDay")]
    [InlineData("last-day-missing", "lastDay")]
    [InlineData("reason-too-long", "reason")]
    [InlineData("reason-not-text", "reason")]
    public async Task Each_bad_closure_is_a_400_naming_the_field_and_nothing_is_written(string fault, string field)
    {
        (await _owner.PostAsJsonAsync($"{Settings}/closures", new { firstDay = Today.AddDays(10), lastDay = Today.AddDays(12) })).EnsureSuccessStatusCode();
        var body = new JsonObject { ["firstDay"] = Iso(Today.AddDays(30)), ["lastDay"] = Iso(Today.AddDays(31)), ["reason"] = "Holiday" };
        switch (fault)
        {
            case "past-only": body["firstDay"] = Iso(Today.AddDays(-3)); body["lastDay"] = Iso(Today.AddDays(-1)); break;
            case "ends-before-it-starts": body["lastDay"] = Iso(Today.AddDays(29)); break;
            case "longer-than-sixty-days": body["lastDay"] = Iso(Today.AddDays(30 + StoreClosure.MaxDays)); break;
            case "more-than-a-year-ahead": body["firstDay"] = Iso(Today.AddDays(400)); body["lastDay"] = Iso(Today.AddDays(401)); break;
            case "overlapping": body["firstDay"] = Iso(Today.AddDays(12)); body["lastDay"] = Iso(Today.AddDays(14)); break;
            case "first-day-not-iso": body["firstDay"] = "25/12/2026"; break;
            case "last-day-missing": body.Remove("lastDay"); break;
            case "reason-too-long": body["reason"] = new string('x', Store.ClosureReasonMaxLength + 1); break;
            case "reason-not-text": body["reason"] = 42; break;
            default: throw new ArgumentOutOfRangeException(nameof(fault), fault, "No such fault.");
        }

        var response = await _owner.PostAsJsonAsync($"{Settings}/closures", body);

        await ShouldBeProblemNamingAsync(response, field);
        (await ClosureCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Another_merchant_cannot_remove_the_shops_closure()
    {
        var added = await _owner.PostAsJsonAsync($"{Settings}/closures", new { firstDay = Today.AddDays(5), lastDay = Today.AddDays(5) });
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        (await _otherMerchant.DeleteAsync($"{Settings}/closures/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _customer.DeleteAsync($"{Settings}/closures/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await ClosureCountAsync()).ShouldBe(1);
        (await _owner.DeleteAsync($"{Settings}/closures/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _owner.DeleteAsync($"{Settings}/closures/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static JsonObject ValidBody() => new()
    {
        ["hours"] = new JsonArray([.. Week.Select(d => Day(d, opens: "07:00", closes: "23:00"))]),
        ["deliveryRadiusMetres"] = 3000,
        ["minimumOrderPaise"] = 14900,
        ["deliveryFeePaise"] = 2000,
        ["phone"] = "98450 12345",
    };

    private static JsonObject Day(string day, bool closed = false, string? opens = null, string? closes = null) => new()
    {
        ["day"] = day,
        ["closed"] = closed,
        ["opens"] = opens,
        ["closes"] = closes,
    };

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ShouldBeProblemNamingAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"expected an error for {field}: {text}");
        messages[0].GetString().ShouldNotBeNullOrWhiteSpace();
    }

    private async Task<List<Guid>> NearbyIdsAsync(bool includeClosed = false) =>
        [.. (await _anonymous.GetFromJsonAsync<JsonElement[]>(includeClosed ? $"{Nearby}&includeClosed=true" : Nearby))!.Select(s => s.GetProperty("id").GetGuid())];

    private async Task<HttpResponseMessage> PlaceOrderAsync() =>
        await OrderRequests.PlaceAsync(_customer, OrderRequests.For(_store, (_atta, 1)), Guid.NewGuid());

    private async Task<StoreRow> SnapshotAsync()
    {
        await using var db = Database.NewContext();
        var store = await db.Stores.AsNoTracking().SingleAsync(s => s.Id == _store.Id);
        return new StoreRow(
            store.DeliveryRadiusMetres,
            store.MinimumOrderPaise,
            store.DeliveryFeePaise,
            store.Phone,
            store.IsAcceptingOrders,
            string.Join(';', store.Hours.Days.Select(d => $"{d.Day} {d.Opens}-{d.Closes}")));
    }

    private async Task<int> ClosureCountAsync()
    {
        await using var db = Database.NewContext();
        return await db.StoreClosures.CountAsync(c => c.StoreId == _store.Id);
    }

    private sealed record StoreRow(int Radius, long Minimum, long Fee, string Phone, bool IsAcceptingOrders, string Hours);
}
