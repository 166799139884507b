using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Checkout;

[Collection(SharedBrowser.Name)]
public sealed class ShopAndCheckoutTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private QuickCommerceApp _app = null!;
    private Uri _baseAddress = null!;
    private Store _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _store = DemoShop.Store("Sri Balaji Kirana", metresNorth: 200);
        await using (var db = _database.NewContext())
        {
            db.Stores.Add(_store);
            db.Products.AddRange(
                DemoShop.Product(_store, "Aashirvaad Shudh Chakki Atta", pricePaise: 26500, mrpPaise: 28500, stock: 10),
                DemoShop.Product(_store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 30, categoryId: 6, hindiName: "दूध (doodh)"));
            await db.SaveChangesAsync();
        }

        _app = new QuickCommerceApp(_database);
        _baseAddress = _app.StartOnRealPort();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_customer_searches_adds_to_cart_checks_out_once_and_sees_the_placed_order()
    {
        var customer = await TestAccounts.CreateAsync(_app, Roles.Customer);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();

        // Shop before signing in: the cart lives in a cookie and survives the sign-in.
        // A misspelt, Hinglish search from the customer's location finds the atta and its shop.
        await page.GotoAsync("/search?q=aata&lat=12.9719&lng=77.6412");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aashirvaad Shudh Chakki Atta" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sri Balaji Kirana", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Aashirvaad Shudh Chakki Atta" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Nandini Toned Milk" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Nandini Toned Milk" }).ClickAsync();

        await page.GotoAsync("/cart");
        await Assertions.Expect(page.GetByText("₹313")).ToBeVisibleAsync(); // 265 + 2 × 24 = 313
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();

        // Checkout needs an account: sign in, then come straight back.
        await page.GetByLabel("Mobile number or email").FillAsync(customer.Email!);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("total")).ToHaveTextAsync("₹328"); // + ₹15 delivery
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("Flat 4, 12th Main, Indiranagar");
        await page.GetByLabel("Latitude").FillAsync("12.9719");
        await page.GetByLabel("Longitude").FillAsync("77.6412");
        var placeButton = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Place order") });
        await placeButton.DblClickAsync();

        await Assertions.Expect(page.GetByTestId("order-status")).ToContainTextAsync("Placed");
        await Assertions.Expect(page.GetByText("2 × Nandini Toned Milk")).ToBeVisibleAsync();

        // A double tap made one order; the stock was reserved once.
        await using var db = _database.NewContext();
        (await db.Orders.CountAsync(o => o.CustomerId == customer.Id)).ShouldBe(1);
        (await db.Products.Where(p => p.StoreId == _store.Id).OrderBy(p => p.Name).Select(p => p.Stock).ToListAsync()).ShouldBe([9, 28]);

        // The cart for this store is empty now, and the order is in the history.
        await page.GotoAsync("/cart");
        await Assertions.Expect(page.GetByText("Your cart is empty.")).ToBeVisibleAsync();
        await page.GotoAsync("/orders");
        await Assertions.Expect(page.GetByText("Sri Balaji Kirana")).ToBeVisibleAsync();
    }
}
