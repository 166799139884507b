using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Admin;

namespace QuickCommerce.E2E.Tests.Accounts;

/// <summary>Signing up and in through the real pages in Chromium, and an admin's suspension reaching a dashboard that is already open.</summary>
[Collection(SharedBrowser.Name)]
public sealed class SuspensionEndsLiveScreensTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly byte[] RenderBatch = Encoding.ASCII.GetBytes("JS.RenderBatch");

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
    public async Task A_merchant_who_signs_in_on_the_page_sees_their_store_on_the_live_dashboard()
    {
        var (merchant, _) = await MerchantWithStoreAsync("Lakshmi Provision Stores");
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        var circuit = await SignInAndOpenDashboardAsync(page, merchant);

        await Assertions.Expect(page.Locator("[data-testid=store-name]")).ToHaveTextAsync("Lakshmi Provision Stores");
        await circuit;
        page.Url.ShouldBe(new Uri(_baseAddress, "/merchant").ToString());
    }

    [Fact]
    public async Task A_merchant_s_open_dashboard_goes_to_sign_in_when_an_admin_suspends_them()
    {
        var (merchant, _) = await MerchantWithStoreAsync("Ganesh Super Market");
        var admin = await TestAccounts.CreateAsync(_app, Roles.Admin);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var circuit = await SignInAndOpenDashboardAsync(page, merchant);
        await Assertions.Expect(page.Locator("[data-testid=store-name]")).ToHaveTextAsync("Ganesh Super Market");
        await circuit;

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var suspended = await scope.ServiceProvider.GetRequiredService<AccountModeration>()
                .SuspendAsync(merchant.Id, admin.Id, "Sold expired goods.", CancellationToken.None);
            suspended.IsSuccess.ShouldBeTrue();
        }

        // No reload: the open page must leave by itself.
        await page.WaitForURLAsync("**/account/signin**", new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_customer_who_signs_up_on_the_page_lands_home_with_their_name_in_the_header()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var national = $"9{Random.Shared.Next(0, 1_000_000_000):D9}";

        await page.GotoAsync("/account/signup");
        await page.GetByLabel("Your name").FillAsync("Asha Rao");
        await page.GetByLabel("Mobile number").FillAsync($"{national[..5]} {national[5..]}");
        await page.GetByLabel("Email (optional)").FillAsync($"asha.{national}@test.in");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Kirana@2024");
        await page.GetByLabel("Password again").FillAsync("Kirana@2024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await page.WaitForURLAsync(new Uri(_baseAddress, "/").ToString());
        await Assertions.Expect(page.Locator(".account-nav .who")).ToHaveTextAsync("Asha Rao");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>A fresh browser context (no cookies) on the app, phone-sized.</summary>
    private Task<IBrowserContext> NewContextAsync() =>
        browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });

    /// <summary>
    /// Signs in on /account/signin and lands on /merchant. Returns a task that completes when the
    /// dashboard's circuit sends its first render batch, i.e. the page is live, not just prerendered.
    /// </summary>
    private static async Task<Task> SignInAndOpenDashboardAsync(IPage page, ApplicationUser merchant)
    {
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Binary is { } bytes && bytes.AsSpan().IndexOf(RenderBatch) >= 0)
            {
                live.TrySetResult();
            }
        };

        await page.GotoAsync("/account/signin");
        await page.GetByLabel("Mobile number or email").FillAsync(merchant.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/merchant");
        return live.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>An approved merchant and their approved, always-open store in Indiranagar.</summary>
    private async Task<(ApplicationUser Merchant, Store Store)> MerchantWithStoreAsync(string storeName)
    {
        var merchant = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        var store = new Store(
            Guid.NewGuid(),
            merchant.Id,
            storeName,
            "22, CMH Road, Indiranagar, Bengaluru",
            "Indiranagar",
            "560038",
            merchant.PhoneNumber!,
            DemoShop.Indiranagar,
            3000,
            OpeningHours.AllDay(),
            new Money(9900),
            new Money(1500),
            DateTimeOffset.UtcNow);
        store.Approve();
        await using var db = _database.NewContext();
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        return (merchant, store);
    }
}
