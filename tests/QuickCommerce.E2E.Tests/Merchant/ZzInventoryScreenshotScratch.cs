using Microsoft.Playwright;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Merchant;

[Collection(SharedBrowser.Name)]
public sealed class ZzInventoryScreenshotScratch(BrowserFixture browser) : IAsyncLifetime
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
    public async Task Screens()
    {
        var merchant = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        var store = new Store(Guid.NewGuid(), merchant.Id, "Annapoorna Daily Needs", "3, CMH Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        await using (var db = _database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.Add(DemoShop.Product(store, "Nandini Toned Milk", 2400, 2400, 50, 6, "दूध (doodh)"));
            db.Products.Add(DemoShop.Product(store, "Tata Salt", 2800, 2800, 2, 15, "नमक (namak)"));
            db.Products.Add(DemoShop.Product(store, "Aashirvaad Shudh Chakki Atta", 24500, 26000, 0, 1));
            await db.SaveChangesAsync();
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin?ReturnUrl=%2Fmerchant%2Finventory");
        await page.GetByLabel("Mobile number or email").FillAsync(merchant.Email!);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("inventory-title")).ToContainTextAsync("Annapoorna");
        await page.WaitForTimeoutAsync(1500);
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/list.png", FullPage = true });
        await page.Locator("[data-testid=edit-row]").Nth(1).ClickAsync();
        await page.WaitForTimeoutAsync(800);
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/edit.png", FullPage = true });
        await page.Locator("[data-testid=cancel-row]").ClickAsync();
        await page.Locator("[data-testid=edit-details]").First.ClickAsync();
        await page.WaitForTimeoutAsync(800);
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/dialog.png", FullPage = true });
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(500);
        await page.GetByTestId("import").ClickAsync();
        await page.WaitForTimeoutAsync(500);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "bad.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("name,hindi_name,brand,unit,price,mrp,stock,category,barcode\nTata Salt,,Tata,1 kg,30,28,5,sugar-salt-jaggery,\nMaggi,,Nestle,70 g,14,14,x,noodles,\n") });
        await page.WaitForTimeoutAsync(1500);
        await page.ScreenshotAsync(new() { Path = "/tmp/shots/import.png", FullPage = true });
    }
}
