using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using static QuickCommerce.Web.Tests.Delivery.RiderSeeds;

namespace QuickCommerce.Web.Tests.Delivery;

/// <summary>A shop's own riders: added by mobile number or email, listed, removed; offered the shop's orders first.</summary>
public sealed class ShopRidersApiTests : AppTest, IDisposable
{
    private const string Path = "/api/v1/merchant/riders";

    private Store _shop = null!;
    private Product _atta = null!;
    private HttpClient _merchant = null!;
    private HttpClient _otherMerchant = null!;

    public void Dispose()
    {
        _merchant.Dispose();
        _otherMerchant.Dispose();
    }

    protected override async Task StartedAsync()
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        (_shop, _atta) = await ShopAsync(Database, merchant.Id, "Sri Balaji Kirana");
        _merchant = await TestAccounts.ClientForAsync(App, merchant);
        var other = await TestAccounts.CreateAsync(App, Roles.Merchant);
        await ShopAsync(Database, other.Id, "Lakshmi Stores", metresNorth: 500);
        _otherMerchant = await TestAccounts.ClientForAsync(App, other);
    }

    [Fact]
    public async Task A_rider_added_by_mobile_number_in_any_format_or_email_is_listed_and_can_be_removed()
    {
        var byPhone = await RiderAsync(App, metresNorth: 3000);
        var byEmail = await RiderAsync(App, metresNorth: null, vehicle: "Bicycle");
        var typed = $"0{byPhone.PhoneNumber![3..8]} {byPhone.PhoneNumber[8..]}";

        using (var added = await _merchant.PostAsJsonAsync(Path, new { phoneOrEmail = typed }))
        {
            added.StatusCode.ShouldBe(HttpStatusCode.Created);
            added.Headers.Location!.ToString().ShouldBe($"{Path}/{byPhone.Id}");
            var rider = await added.Content.ReadFromJsonAsync<JsonElement>();
            rider.GetProperty("riderId").GetGuid().ShouldBe(byPhone.Id);
            rider.GetProperty("phone").GetString()!.ShouldEndWith(byPhone.PhoneNumber[^4..]);
            rider.GetProperty("phone").GetString()!.ShouldNotContain(byPhone.PhoneNumber[3..9]);
        }

        (await _merchant.PostAsJsonAsync(Path, new { phoneOrEmail = byPhone.PhoneNumber })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _merchant.PostAsJsonAsync(Path, new { phoneOrEmail = $"  {byEmail.Email!.ToUpperInvariant()} " })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var listed = (await _merchant.GetFromJsonAsync<JsonElement[]>(Path))!;
        listed.Select(r => r.GetProperty("riderId").GetGuid()).ShouldBe([byPhone.Id, byEmail.Id], ignoreOrder: true);
        listed.Single(r => r.GetProperty("riderId").GetGuid() == byEmail.Id).GetProperty("vehicle").GetString().ShouldBe("Bicycle");
        (await _otherMerchant.GetFromJsonAsync<JsonElement[]>(Path)).ShouldBeEmpty();

        // Own riders come first among candidates, even from 3 km away.
        var near = await RiderAsync(App, metresNorth: 100);
        var orderId = await PackedOrderAsync(Database, _shop, _atta, (await TestAccounts.CreateAsync(App, Roles.Customer)).Id);
        var candidates = await _merchant.GetFromJsonAsync<JsonElement[]>($"/api/v1/orders/{orderId}/rider-candidates");
        candidates!.Select(c => c.GetProperty("riderId").GetGuid()).ShouldBe([byPhone.Id, byEmail.Id, near.Id]);

        (await _otherMerchant.DeleteAsync($"{Path}/{byPhone.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _merchant.DeleteAsync($"{Path}/{byPhone.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _merchant.DeleteAsync($"{Path}/{byPhone.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _merchant.GetFromJsonAsync<JsonElement[]>(Path))!.Select(r => r.GetProperty("riderId").GetGuid()).ShouldBe([byEmail.Id]);
    }

    [Fact]
    public async Task Only_approved_rider_accounts_can_be_added_and_bad_input_names_the_field()
    {
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        var pending = await RiderAsync(App, metresNorth: null, approval: ApprovalStatus.Pending);
        var suspended = await RiderAsync(App, metresNorth: null, approval: ApprovalStatus.Suspended);

        foreach (var login in new[] { customer.Email, customer.PhoneNumber, pending.Email, suspended.PhoneNumber, "nobody@test.in", "98450 12345" })
        {
            using var refused = await _merchant.PostAsJsonAsync(Path, new { phoneOrEmail = login });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, login);
            (await ErrorForAsync(refused, "phoneOrEmail")).ShouldStartWith("No approved rider account");
        }

        foreach (var login in new[] { "", "   ", "12345", "abc-def", new string('9', 200) })
        {
            using var invalid = await _merchant.PostAsJsonAsync(Path, new { phoneOrEmail = login });
            invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest, login);
            (await ErrorForAsync(invalid, "phoneOrEmail")).ShouldNotBeNullOrWhiteSpace();
        }

        using (var noBody = await _merchant.PostAsync(Path, JsonContent.Create<object?>(null)))
        {
            noBody.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorForAsync(noBody, "phoneOrEmail")).ShouldNotBeNullOrWhiteSpace();
        }

        (await _merchant.GetFromJsonAsync<JsonElement[]>(Path)).ShouldBeEmpty();
        (await _merchant.GetAsync($"{Path}?storeId={Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
