using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Admin;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>/api/v1/admin/accounts with bearer tokens, and what each decision does to the people it is about.</summary>
public sealed class AdminAccountsApiTests : AppTest, IDisposable
{
    private const string Nearby = "/api/v1/stores/nearby?lat=12.9719&lng=77.6412";

    // The API writes enums by name ("Pending").
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private ApplicationUser _admin = null!;
    private HttpClient _adminClient = null!;

    public void Dispose() => _adminClient.Dispose();

    protected override async Task StartedAsync()
    {
        _admin = await TestAccounts.CreateAsync(App, Roles.Admin);
        _adminClient = await TestAccounts.ClientForAsync(App, _admin);
    }

    [Fact]
    public async Task The_pending_list_shows_merchants_with_their_shop_and_riders_with_their_vehicle_and_no_one_else()
    {
        var (merchant, _) = await PendingMerchantAsync("Lakshmi Provision Stores");
        var rider = await TestAccounts.CreateAsync(App, Roles.Rider, ApprovalStatus.Pending);
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);

        var pending = await ListAsync("?status=pending");
        var pendingMerchants = await ListAsync("?status=Pending&role=Merchant");

        pending.ShouldContain(a => a.Id == merchant.Id && a.StoreName == "Lakshmi Provision Stores" && a.Approval == ApprovalStatus.Pending);
        pending.ShouldAllBe(a => a.Approval == ApprovalStatus.Pending);
        pending.ShouldContain(a => a.Id == rider.Id && a.Role == Roles.Rider);
        pending.ShouldNotContain(a => a.Id == customer.Id || a.Id == _admin.Id);
        pendingMerchants.ShouldContain(a => a.Id == merchant.Id);
        pendingMerchants.ShouldNotContain(a => a.Id == rider.Id);
    }

    [Theory]
    [InlineData("?status=Banned", "status")]
    [InlineData("?role=Overlord", "role")]
    public async Task An_unknown_filter_is_a_validation_problem_naming_it(string query, string field)
    {
        var response = await _adminClient.GetAsync($"/api/v1/admin/accounts{query}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Approving_a_pending_merchant_lets_them_in_and_shows_their_store_to_customers()
    {
        var (merchant, store) = await PendingMerchantAsync("Annapurna Kirana");
        using var anonymous = App.CreateClient();
        (await anonymous.GetFromJsonAsync<List<NearbyStore>>(Nearby))!.ShouldNotContain(s => s.Id == store.Id);

        var response = await _adminClient.PostAsync($"/api/v1/admin/accounts/{merchant.Id}/approve", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = Database.NewContext())
        {
            (await db.Stores.SingleAsync(s => s.Id == store.Id)).Approval.ShouldBe(ApprovalStatus.Approved);
            (await db.Users.SingleAsync(u => u.Id == merchant.Id)).Approval.ShouldBe(ApprovalStatus.Approved);
        }

        (await anonymous.GetFromJsonAsync<List<NearbyStore>>(Nearby))!.ShouldContain(s => s.Id == store.Id && s.Name == "Annapurna Kirana");
        using var browser = AccountPages.NewBrowser(App);
        (await browser.SignInOkAsync(merchant.Email!)).LocationPath.ShouldBe("/merchant");
        (await browser.GetAsync("/merchant")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_merchant_signed_in_while_pending_gets_the_dashboard_once_approved_without_signing_in_again()
    {
        var (merchant, _) = await PendingMerchantAsync("Waiting Mart");
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(merchant.Email!);
        (await browser.GetAsync("/merchant")).LocationPath.ShouldBe("/account/denied?ReturnUrl=%2Fmerchant");

        (await _adminClient.PostAsync($"/api/v1/admin/accounts/{merchant.Id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await browser.GetAsync("/merchant")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"reason":"   "}""")]
    public async Task Rejecting_without_a_reason_is_a_422_naming_the_reason(string body)
    {
        var (merchant, _) = await PendingMerchantAsync("No Reason Stores");

        var response = await PostJsonAsync($"/api/v1/admin/accounts/{merchant.Id}/reject", body);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("reason")[0].GetString().ShouldBe("Say why, in a sentence the account owner will read.");
        await using var db = Database.NewContext();
        (await db.Users.SingleAsync(u => u.Id == merchant.Id)).Approval.ShouldBe(ApprovalStatus.Pending);
    }

    [Fact]
    public async Task Rejecting_a_merchant_records_the_reason_rejects_their_store_and_sends_them_to_their_status_page()
    {
        var (merchant, store) = await PendingMerchantAsync("Blurry Photo Stores");

        var response = await _adminClient.PostAsJsonAsync(
            $"/api/v1/admin/accounts/{merchant.Id}/reject", new ModerationRequest("  The shop photo does not show the signboard. "));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = Database.NewContext())
        {
            var account = await db.Users.SingleAsync(u => u.Id == merchant.Id);
            account.Approval.ShouldBe(ApprovalStatus.Rejected);
            account.ApprovalReason.ShouldBe("The shop photo does not show the signboard.");
            (await db.Stores.SingleAsync(s => s.Id == store.Id)).Approval.ShouldBe(ApprovalStatus.Rejected);
        }

        using var browser = AccountPages.NewBrowser(App);
        (await browser.SignInOkAsync(merchant.Email!)).LocationPath.ShouldBe("/account/pending");
        (await browser.GetAsync("/merchant")).LocationPath.ShouldBe("/account/denied?ReturnUrl=%2Fmerchant");
    }

    [Fact]
    public async Task A_rejected_merchant_reads_the_reason_on_their_status_page()
    {
        var (merchant, _) = await PendingMerchantAsync("Dark Photo Stores");
        (await _adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{merchant.Id}/reject", new ModerationRequest("The shop photo is too dark.")))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(merchant.Email!);

        var page = await browser.GetAsync("/account/pending");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.TextOf("h1").ShouldBe("Your application was not approved");
        page.TextOf(".problem").ShouldBe("The shop photo is too dark.");
    }

    [Fact]
    public async Task Suspending_a_customer_ends_their_token_and_their_cookie_session_at_once()
    {
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var app = await TestAccounts.ClientForAsync(App, customer);
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(customer.Email!);
        (await app.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/account/password")).Status.ShouldBe(HttpStatusCode.OK);

        var response = await _adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{customer.Id}/suspend", new ModerationRequest("Abusive chat with riders."));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await browser.GetAsync("/account/pending");
        page.Status.ShouldBe(HttpStatusCode.Found);
        page.LocationPath.ShouldBe("/account/signin?ReturnUrl=%2Faccount%2Fpending");
        await using var db = Database.NewContext();
        var account = await db.Users.SingleAsync(u => u.Id == customer.Id);
        account.Approval.ShouldBe(ApprovalStatus.Suspended);
        account.ApprovalReason.ShouldBe("Abusive chat with riders.");
        (await db.RefreshTokens.Where(t => t.UserId == customer.Id).ToListAsync()).ShouldAllBe(t => t.RevokedAt != null);
    }

    [Fact]
    public async Task Suspending_a_merchant_takes_their_store_off_the_customer_list()
    {
        var (merchant, store) = await PendingMerchantAsync("Soon Gone Stores");
        (await _adminClient.PostAsync($"/api/v1/admin/accounts/{merchant.Id}/approve", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var response = await _adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{merchant.Id}/suspend", new ModerationRequest("Sold expired goods."));

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var anonymous = App.CreateClient();
        (await anonymous.GetFromJsonAsync<List<NearbyStore>>(Nearby))!.ShouldNotContain(s => s.Id == store.Id);
    }

    [Fact]
    public async Task Reinstating_a_suspended_customer_lets_them_sign_in_again()
    {
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        (await _adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{customer.Id}/suspend", new ModerationRequest("Chargeback fraud."))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var browser = AccountPages.NewBrowser(App);
        (await browser.SignInAsync(customer.Email!)).Status.ShouldBe(HttpStatusCode.Forbidden);

        var response = await _adminClient.PostAsync($"/api/v1/admin/accounts/{customer.Id}/reinstate", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.SignInOkAsync(customer.Email!)).LocationPath.ShouldBe("/");
        await using var db = Database.NewContext();
        var account = await db.Users.SingleAsync(u => u.Id == customer.Id);
        account.Approval.ShouldBe(ApprovalStatus.Approved);
        account.ApprovalReason.ShouldBeNull();
    }

    [Fact]
    public async Task Approving_an_approved_merchant_is_a_conflict()
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);

        var response = await _adminClient.PostAsync($"/api/v1/admin/accounts/{merchant.Id}/approve", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            .ShouldBe("This account is approved; it cannot be approved now.");
    }

    [Fact]
    public async Task Reinstating_an_account_that_is_not_suspended_is_a_conflict()
    {
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);

        var response = await _adminClient.PostAsync($"/api/v1/admin/accounts/{customer.Id}/reinstate", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    [InlineData("suspend")]
    [InlineData("reinstate")]
    public async Task Acting_on_an_unknown_account_is_404(string action)
    {
        var response = await _adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{Guid.NewGuid()}/{action}", new ModerationRequest("Testing an unknown id."));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_cannot_suspend_themselves()
    {
        var response = await _adminClient.PostAsJsonAsync($"/api/v1/admin/accounts/{_admin.Id}/suspend", new ModerationRequest("Trying it out."));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("You cannot suspend your own account.");
        (await _adminClient.GetAsync("/api/v1/admin/accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(Roles.Customer)]
    [InlineData(Roles.Merchant)]
    [InlineData(Roles.Rider)]
    public async Task Other_roles_are_forbidden_and_anonymous_callers_unauthorised_on_every_admin_endpoint(string role)
    {
        var (target, _) = await PendingMerchantAsync($"Target of a {role}");
        var caller = await TestAccounts.CreateAsync(App, role);
        using var signedIn = await TestAccounts.ClientForAsync(App, caller);
        using var anonymous = App.CreateClient();

        foreach (var (method, path) in AdminEndpoints(target.Id))
        {
            (await SendAsync(signedIn, method, path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{role}: {method} {path}");
            (await SendAsync(anonymous, method, path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"anonymous: {method} {path}");
        }

        await using var db = Database.NewContext();
        (await db.Users.SingleAsync(u => u.Id == target.Id)).Approval.ShouldBe(ApprovalStatus.Pending);
    }

    private static IEnumerable<(HttpMethod Method, string Path)> AdminEndpoints(Guid id) =>
    [
        (HttpMethod.Get, "/api/v1/admin/accounts?status=Pending"),
        (HttpMethod.Post, $"/api/v1/admin/accounts/{id}/approve"),
        (HttpMethod.Post, $"/api/v1/admin/accounts/{id}/reject"),
        (HttpMethod.Post, $"/api/v1/admin/accounts/{id}/suspend"),
        (HttpMethod.Post, $"/api/v1/admin/accounts/{id}/reinstate"),
    ];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new ModerationRequest("Not mine to decide."));
        }

        return await client.SendAsync(request);
    }

    /// <summary>A merchant waiting for approval, with their own pending, always-open store in Indiranagar.</summary>
    private async Task<(ApplicationUser Merchant, Store Store)> PendingMerchantAsync(string storeName)
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant, ApprovalStatus.Pending);
        var store = new Store(
            Guid.NewGuid(),
            merchant.Id,
            storeName,
            "7, 80 Feet Road, Indiranagar, Bengaluru",
            "Indiranagar",
            "560038",
            merchant.PhoneNumber!,
            DemoShop.Indiranagar,
            3000,
            OpeningHours.AllDay(),
            Money.Zero,
            Money.Zero,
            DateTimeOffset.UtcNow);
        await using var db = Database.NewContext();
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        return (merchant, store);
    }

    private async Task<List<AccountSummary>> ListAsync(string query)
    {
        var response = await _adminClient.GetAsync($"/api/v1/admin/accounts{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<AccountSummary>>(Json))!;
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _adminClient.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
