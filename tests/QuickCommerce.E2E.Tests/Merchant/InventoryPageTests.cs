using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Merchant;

/// <summary>The shop owner's inventory screen on a 360 px phone, in Chromium against the real app, database and S3 server.</summary>
[Collection(SharedBrowser.Name)]
public sealed class InventoryPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const int PhoneWidth = 360;

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
    public async Task The_owner_restocks_reads_the_history_adds_a_photo_and_unlists_a_product_on_a_phone()
    {
        var merchant = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        var store = new Store(Guid.NewGuid(), merchant.Id, "Annapoorna Daily Needs", "3, CMH Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        var atta = DemoShop.Product(store, "Aashirvaad Atta", pricePaise: 24500, mrpPaise: 26000, stock: 10);
        var salt = DemoShop.Product(store, "Tata Salt", pricePaise: 2800, mrpPaise: 2800, stock: 20, hindiName: "नमक (namak)");
        await using (var db = _database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.AddRange(atta, salt);
            await db.SaveChangesAsync();
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 740 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin?ReturnUrl=%2Fmerchant");
        await page.GetByLabel("Mobile number or email").FillAsync(merchant.Email!);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("store-name")).ToHaveTextAsync("Annapoorna Daily Needs");

        // The section tabs reach the inventory from the orders screen.
        await page.GetByRole(AriaRole.Link, new() { Name = "Inventory" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/merchant/inventory$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Inventory" })).ToHaveAttributeAsync("aria-current", "page");

        // The prerendered page answers no clicks; wait for the live circuit.
        await Assertions.Expect(page.GetByTestId("inventory-page")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(page.GetByTestId("product-name")).ToHaveCountAsync(2);
        await AssertHeaderOnOneLineAsync(page);
        await AssertNoSidewaysScrollAsync(page, "the list");

        // Search narrows the list to the atta.
        await Field(page, "search").FillAsync("atta");
        await Assertions.Expect(page.GetByTestId("product-name")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("product-name")).ToContainTextAsync("Aashirvaad Atta");

        // 15 bags arrive: the owner types the new count in the row, as received.
        await page.GetByRole(AriaRole.Button, new() { Name = "Change price or stock of Aashirvaad Atta" }).ClickAsync();
        await Field(page, "edit-stock").FillAsync("25");
        await Field(page, "edit-stock").PressAsync("Tab");
        await Assertions.Expect(page.GetByText("+15 from 10")).ToBeVisibleAsync();
        await page.GetByTestId("edit-reason").GetByText("Received").ClickAsync();
        await AssertNoSidewaysScrollAsync(page, "the row's editor");
        await page.GetByTestId("save-row").ClickAsync();
        await Assertions.Expect(page.GetByTestId("stock")).ToHaveTextAsync("25");
        await Assertions.Expect(page.GetByTestId("save-row")).ToHaveCountAsync(0);

        // The history names the change and why.
        await page.GetByRole(AriaRole.Button, new() { Name = "Stock history of Aashirvaad Atta" }).ClickAsync();
        var entry = page.GetByTestId("ledger-entry").First;
        await Assertions.Expect(entry).ToContainTextAsync("+15");
        await Assertions.Expect(entry).ToContainTextAsync("Received");
        await Assertions.Expect(entry.Locator("td").Last).ToHaveTextAsync("25");
        await AssertNoSidewaysScrollAsync(page, "the stock history");
        await CloseDialogAsync(page);

        // A photo from the phone: stored as it is chosen, served as a JPEG thumbnail.
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit details of Aashirvaad Atta" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("image-none")).ToBeVisibleAsync();
        await ChoosePhotoAsync(page, new FilePayload { Name = "atta.png", MimeType = "image/png", Buffer = TestPhotos.Png(600, 400) });
        var thumb = page.GetByTestId("image-thumb");
        await Assertions.Expect(thumb).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("image-choose")).ToHaveTextAsync("Change photo");
        var src = (await thumb.GetAttributeAsync("src"))!;
        src.ShouldStartWith($"/images/products/{atta.Id:N}/");
        var served = await context.APIRequest.GetAsync(src);
        served.Status.ShouldBe(200);
        served.Headers["content-type"].ShouldBe("image/jpeg");
        (await thumb.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0, "the browser shows the thumbnail");
        await AssertNoSidewaysScrollAsync(page, "the details dialog");

        // A text file named .png is refused with the reason, and the photo stays.
        await ChoosePhotoAsync(page, new FilePayload { Name = "bill.png", MimeType = "image/png", Buffer = Encoding.UTF8.GetBytes("Supplier bill 7: 15 bags of atta") });
        await Assertions.Expect(page.GetByTestId("image-error")).ToHaveTextAsync(ImagePipeline.UnreadableMessage);
        await Assertions.Expect(thumb).ToHaveAttributeAsync("src", src);

        // Closing the dialog without saving keeps the photo, and the list shows it.
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("product-thumb")).ToHaveAttributeAsync("src", src);

        // Unlisted: gone from the customer's shop page and search.
        await using var customerContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 740 },
        });
        var shopPage = await customerContext.NewPageAsync();
        await shopPage.GotoAsync($"/stores/{store.Id}");
        await Assertions.Expect(shopPage.GetByText("Aashirvaad Atta")).Not.ToHaveCountAsync(0);
        (await CustomerSearchAsync(store.Id, "atta")).ShouldContain(atta.Id);

        await page.GetByLabel("List Aashirvaad Atta in the shop").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Aashirvaad Atta is hidden from customers." })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("List Aashirvaad Atta in the shop")).Not.ToBeCheckedAsync();

        await shopPage.ReloadAsync();
        await Assertions.Expect(shopPage.GetByText("Tata Salt")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(shopPage.GetByText("Aashirvaad Atta")).ToHaveCountAsync(0);
        (await CustomerSearchAsync(store.Id, "atta")).ShouldNotContain(atta.Id);
        await AssertNoSidewaysScrollAsync(page, "the list after the changes");
    }

    /// <summary>
    /// The dashboard's bar holds one line on a phone: the title does not wrap, nothing spills out of
    /// the bar sideways, and the inbox and sign-out sit inside it and on the screen.
    /// </summary>
    private static async Task AssertHeaderOnOneLineAsync(IPage page)
    {
        var header = page.GetByTestId("dashboard-header");
        var bar = (await header.BoundingBoxAsync())!;
        bar.Height.ShouldBeLessThanOrEqualTo(64, "the app bar is one toolbar high");
        (await header.EvaluateAsync<bool>("h => h.scrollWidth <= h.clientWidth")).ShouldBeTrue("nothing in the bar spills sideways");
        (await page.GetByTestId("dashboard-title").BoundingBoxAsync())!.Height.ShouldBeLessThan(40, "the title is one line");

        foreach (var control in new[] { header.GetByRole(AriaRole.Link, new() { Name = "Inbox" }), header.GetByRole(AriaRole.Button, new() { Name = "Sign out" }) })
        {
            await Assertions.Expect(control).ToBeVisibleAsync();
            var box = (await control.BoundingBoxAsync())!;
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(PhoneWidth);
            box.Y.ShouldBeGreaterThanOrEqualTo(bar.Y);
            (box.Y + box.Height).ShouldBeLessThanOrEqualTo(bar.Y + bar.Height);
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what) =>
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(PhoneWidth, $"nothing may scroll sideways with {what} on a 360 px phone");

    /// <summary>The input of a MudBlazor field, whether the test id sits on the input or on its wrapper.</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    /// <summary>
    /// Taps the photo button and picks <paramref name="file"/> in the file picker it opens. MudFileUpload
    /// keeps a spent hidden input beside a fresh one after each pick, so the picker finds the live one.
    /// </summary>
    private static async Task ChoosePhotoAsync(IPage page, FilePayload file)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("image-choose").ClickAsync());
        await chooser.SetFilesAsync(file);
    }

    private static async Task CloseDialogAsync(IPage page)
    {
        await page.Locator(".mud-dialog .mud-button-close").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
    }

    /// <summary>The products a customer's search inside the shop finds.</summary>
    private async Task<List<Guid>> CustomerSearchAsync(Guid storeId, string text)
    {
        using var client = _app.CreateClient();
        var hits = await client.GetFromJsonAsync<JsonElement[]>($"/api/v1/search?q={Uri.EscapeDataString(text)}&storeId={storeId}");
        return [.. hits!.Select(h => h.GetProperty("productId").GetGuid())];
    }
}
