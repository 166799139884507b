using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Merchant;

/// <summary>The milestone's loop: a customer orders, the merchant's open dashboard shows it without a reload, the merchant accepts.</summary>
[Collection(SharedBrowser.Name)]
public sealed class OrderLoopTests(BrowserFixture browser) : IAsyncLifetime
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
    public async Task A_new_order_appears_on_the_open_dashboard_and_the_customers_open_order_page_shows_the_acceptance()
    {
        var merchant = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        var store = new Store(Guid.NewGuid(), merchant.Id, "Annapoorna Daily Needs", "3, CMH Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        var milk = DemoShop.Product(store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 50, categoryId: 6, hindiName: "दूध (doodh)");
        await using (var db = _database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.Add(milk);
            await db.SaveChangesAsync();
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin?ReturnUrl=%2Fmerchant");
        await page.GetByLabel("Mobile number or email").FillAsync(merchant.Email!);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("store-name")).ToHaveTextAsync("Annapoorna Daily Needs");
        await Assertions.Expect(page.GetByTestId("new-count")).ToHaveTextAsync("0");

        // The customer orders from their phone (the API) while the dashboard stays open.
        var shopper = await TestAccounts.CreateAsync(_app, Roles.Customer);
        using var customer = await TestAccounts.ClientForAsync(_app, shopper);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                storeId = store.Id,
                lines = new[] { new { productId = milk.Id, qty = 3 } },
                address = "Flat 4, 12th Main, Indiranagar",
                point = new { lat = 12.9719, lng = 77.6412 },
                note = "Ring twice",
                paymentMethod = "cod",
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await customer.SendAsync(request);
        placed.StatusCode.ShouldBe(HttpStatusCode.Created);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // ... and watches the order's page in their browser.
        await using var customerContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });
        var orderPage = await customerContext.NewPageAsync();
        await orderPage.GotoAsync($"/account/signin?ReturnUrl=%2Forders%2F{orderId}");
        await orderPage.GetByLabel("Mobile number or email").FillAsync(shopper.Email!);
        await orderPage.GetByLabel("Password").FillAsync(TestAccounts.DefaultPassword);
        await orderPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(orderPage.GetByTestId("order-status")).ToContainTextAsync("waiting for the store to accept");
        await Assertions.Expect(orderPage.Locator("html")).ToHaveAttributeAsync("data-live", "online");

        var card = page.GetByTestId("new-order");
        // Live, not polled: the dashboard's safety refresh is every 60 s, far beyond this wait.
        await Assertions.Expect(card).ToContainTextAsync("3 × Nandini Toned Milk", new() { Timeout = 8_000 });
        await Assertions.Expect(card).ToContainTextAsync("Ring twice");

        // It rings until someone answers: the banner, and the count in the tab's title for a background tab.
        await Assertions.Expect(page.GetByTestId("new-order-alert")).ToContainTextAsync("1 new order is waiting");
        await Assertions.Expect(page).ToHaveTitleAsync("(1) New orders · QuickCommerce");
        await card.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();

        await Assertions.Expect(page).ToHaveTitleAsync("Your shop · QuickCommerce");
        await Assertions.Expect(page.GetByTestId("new-order-alert")).ToHaveCountAsync(0);
        await page.Locator(".mud-tab", new() { HasText = "Accepted" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("accepted-order")).ToContainTextAsync("₹72");
        var details = await customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}");
        details.GetProperty("order").GetProperty("status").GetString().ShouldBe("Accepted");

        // The customer's page changes by itself (the test does not reload it), through the live event:
        // its safety check runs only every 60 s.
        await Assertions.Expect(orderPage.GetByTestId("order-status")).ToContainTextAsync("Accepted · the store is packing", new() { Timeout = 8_000 });
    }
}
