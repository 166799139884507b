using Microsoft.Playwright;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Notifications;

/// <summary>The inbox on a 360 px phone in Chromium: the page, its forms, and the header badge's script.</summary>
[Collection(SharedBrowser.Name)]
public sealed class InboxBadgeTests(BrowserFixture browser) : IAsyncLifetime
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
    public async Task The_header_badge_takes_the_count_from_live_inbox_events_and_asks_again_after_a_reconnect()
    {
        var customer = await TestAccounts.CreateAsync(_app, Roles.Customer);
        await AddMessageAsync(customer.Id, "Order accepted", DateTimeOffset.UtcNow.AddMinutes(-2));
        await AddMessageAsync(customer.Id, "Order packed", DateTimeOffset.UtcNow.AddMinutes(-1));
        await using var context = await PhoneAsync();
        var page = await SignedInAsync(context, customer);
        await page.GotoAsync("/cart");
        var badge = page.Locator("header [data-inbox-unread]");
        await Assertions.Expect(badge).ToHaveTextAsync("2");

        // What the live client dispatches; other types are not the badge's business.
        await DispatchAsync(page, "qc:live", """{ "type": "inbox", "data": { "unread": "3", "title": "Order on its way" }, "at": "2026-11-25T10:00:00Z" }""");
        await DispatchAsync(page, "qc:live", """{ "type": "order.status", "data": { "unread": "9" }, "at": "2026-11-25T10:00:01Z" }""");
        await Assertions.Expect(badge).ToHaveTextAsync("3");

        // After a reconnect the badge asks the server, which knows everything was read meanwhile.
        await using (var db = _database.NewContext())
        {
            foreach (var message in db.InboxMessages.Where(m => m.UserId == customer.Id))
            {
                message.MarkRead(DateTimeOffset.UtcNow);
            }

            await db.SaveChangesAsync();
        }

        await DispatchAsync(page, "qc:live-resync", "null");
        await Assertions.Expect(badge).ToHaveTextAsync("0");
        await Assertions.Expect(badge).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_a_phone_the_inbox_fits_opens_a_message_at_its_link_and_marks_all_read()
    {
        var customer = await TestAccounts.CreateAsync(_app, Roles.Customer);
        await AddMessageAsync(customer.Id, "Your order from Sri Balaji Kirana was accepted and is being packed now", DateTimeOffset.UtcNow.AddMinutes(-3), "/cart");
        await AddMessageAsync(customer.Id, "Order delivered", DateTimeOffset.UtcNow.AddMinutes(-2));
        await AddMessageAsync(customer.Id, "Rate your order", DateTimeOffset.UtcNow.AddMinutes(-1));
        await using var context = await PhoneAsync();
        var page = await SignedInAsync(context, customer);

        await page.GotoAsync("/inbox");
        await Assertions.Expect(page.Locator(".inbox-message.unread")).ToHaveCountAsync(3);
        // The page, header included, fits a 360 px screen: nothing scrolls sideways.
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await Assertions.Expect(page.Locator("header [data-inbox-unread]")).ToHaveTextAsync("3");

        await page.GetByRole(AriaRole.Button, new() { Name = "Open: Your order from Sri Balaji Kirana was accepted and is being packed now" }).ClickAsync();
        await page.WaitForURLAsync("**/cart");
        await Assertions.Expect(page.Locator("header [data-inbox-unread]")).ToHaveTextAsync("2");

        await page.GotoAsync("/inbox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("inbox-summary")).ToHaveTextAsync("You are all caught up.");
        await Assertions.Expect(page.Locator(".inbox-message.unread")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("header [data-inbox-unread]")).ToBeHiddenAsync();
    }

    private static async Task DispatchAsync(IPage page, string type, string detailJson) =>
        await page.EvaluateAsync($"document.dispatchEvent(new CustomEvent('{type}', {{ detail: {detailJson} }}))");

    private Task<IBrowserContext> PhoneAsync() =>
        browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });

    private static async Task<IPage> SignedInAsync(IBrowserContext context, ApplicationUser customer)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("Mobile number or email").FillAsync(customer.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
        return page;
    }

    private async Task AddMessageAsync(Guid userId, string title, DateTimeOffset at, string? link = null)
    {
        await using var db = _database.NewContext();
        db.InboxMessages.Add(new InboxMessage(new Notification(userId, title, string.Empty, link), $"e2e:{Guid.NewGuid():N}", at));
        await db.SaveChangesAsync();
    }
}
