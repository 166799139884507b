using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Merchant;

/// <summary>The shop owner's settings and today pages on a 360 px phone, in Chromium against the real app.</summary>
[Collection(SharedBrowser.Name)]
public sealed class StoreSettingsPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private QuickCommerceApp _app = null!;
    private Uri _baseAddress = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new QuickCommerceApp(_database);
        _baseAddress = _app.StartOnRealPort();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_owner_switches_the_shop_off_and_on_saves_settings_and_plans_a_closure_on_a_phone()
    {
        var merchant = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        var store = new Store(Guid.NewGuid(), merchant.Id, "Annapoorna Daily Needs", "3, CMH Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), new Money(9900), new Money(1500), DateTimeOffset.UnixEpoch);
        store.Approve();
        await using (var db = _database.NewContext())
        {
            db.Stores.Add(store);
            await db.SaveChangesAsync();
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin?ReturnUrl=%2Fmerchant%2Fsettings");
        await page.GetByLabel("Mobile number or email").FillAsync(merchant.Email!);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("open-state")).ToHaveTextAsync("Taking orders");

        // The prerendered page answers no clicks; wait for the live circuit.
        await Assertions.Expect(page.GetByTestId("open-panel")).ToHaveAttributeAsync("data-interactive", "true");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360, "nothing may scroll sideways on a 360 px phone");

        // The form's scoped stylesheet is loaded: each weekday is a band with a rule under it.
        (await page.GetByTestId("day-Monday").EvaluateAsync<string>("day => getComputedStyle(day).borderBottomWidth")).ShouldBe("1px");

        // The big switch: off hides the shop from the nearby list at once.
        await page.GetByLabel("Shop taking orders").ClickAsync();
        await Assertions.Expect(page.GetByTestId("open-state")).ToHaveTextAsync("Not taking orders");
        (await NearbyIdsAsync()).ShouldNotContain(store.Id);
        await page.GetByLabel("Shop taking orders").ClickAsync();
        await Assertions.Expect(page.GetByTestId("open-state")).ToHaveTextAsync("Taking orders");
        (await NearbyIdsAsync()).ShouldContain(store.Id);

        // A wrong phone is marked and nothing is saved; a right one is saved as +91…
        await page.Locator("#phone").FillAsync("12345");
        await page.GetByTestId("save-settings").ClickAsync();
        await Assertions.Expect(page.GetByText("Enter a 10-digit Indian number")).ToBeVisibleAsync();
        (await StoredPhoneAsync(store.Id)).ShouldBe("+918041234567");
        await page.Locator("#phone").FillAsync("98450 12345");
        await page.GetByTestId("save-settings").ClickAsync();
        await Assertions.Expect(page.Locator("#phone")).ToHaveValueAsync("+919845012345");
        (await StoredPhoneAsync(store.Id)).ShouldBe("+919845012345");

        // A closure today: listed on the page, and the shop is closed now.
        var today = StoreTimetable.LocalDay(DateTimeOffset.UtcNow, Store.DefaultTimeZone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#closure-first").FillAsync(today);
        await page.Locator("#closure-reason").FillAsync("Diwali");
        await page.GetByTestId("add-closure").ClickAsync();
        await Assertions.Expect(page.GetByTestId("closure")).ToContainTextAsync("Diwali");
        await Assertions.Expect(page.GetByTestId("open-panel")).ToContainTextAsync("Closed today for your closure (Diwali)");
        (await NearbyIdsAsync()).ShouldNotContain(store.Id);

        // The shop's photo has its own panel, and is stored as soon as it is picked.
        var photo = page.GetByTestId("store-photo");
        await Assertions.Expect(photo.GetByTestId("image-none")).ToBeVisibleAsync();
        var chooser = await page.RunAndWaitForFileChooserAsync(() => photo.GetByTestId("image-choose").ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = "shop front.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg(800, 600) });
        await Assertions.Expect(photo.GetByTestId("image-thumb")).ToBeVisibleAsync();
        var src = (await photo.GetByTestId("image-thumb").GetAttributeAsync("src"))!;
        src.ShouldStartWith($"/images/stores/{store.Id:N}/");
        (await context.APIRequest.GetAsync(src)).Status.ShouldBe(200);
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);

        // Today at a glance, reached from the section tabs.
        await page.GetByRole(AriaRole.Link, new() { Name = "Today" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("card-orders")).ToContainTextAsync("0");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
    }

    private async Task<List<Guid>> NearbyIdsAsync()
    {
        using var client = _app.CreateClient();
        var stores = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/stores/nearby?lat=12.9719&lng=77.6412");
        return [.. stores!.Select(s => s.GetProperty("id").GetGuid())];
    }

    private async Task<string> StoredPhoneAsync(Guid storeId)
    {
        await using var db = _database.NewContext();
        return await db.Stores.Where(s => s.Id == storeId).Select(s => s.Phone).SingleAsync();
    }
}
