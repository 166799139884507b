using Microsoft.Playwright;
using QuickCommerce.Core.Stores;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Security;

[Collection(SharedBrowser.Name)]
public sealed class CspTests(BrowserFixture browser) : IAsyncLifetime
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
            db.Products.Add(DemoShop.Product(_store, "Aashirvaad Shudh Chakki Atta", pricePaise: 26500, mrpPaise: 28500, stock: 20));
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
    public async Task The_customer_pages_run_under_the_content_security_policy_without_violations()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });

        // Chromium reports a blocked script or style on the console; the DOM event also catches
        // violations it reports only there. Init scripts run outside the page's policy.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
            """);
        var page = await context.NewPageAsync();
        var messages = new List<string>();
        page.Console += (_, message) =>
        {
            lock (messages)
            {
                messages.Add(message.Text);
            }
        };

        var home = await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        home!.Headers.ShouldContainKey("content-security-policy");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use my current location" })).ToBeVisibleAsync();

        await page.GotoAsync("/?place=Indiranagar", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(page.GetByText("Sri Balaji Kirana")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use my current location" })).ToBeVisibleAsync();

        await page.GotoAsync($"/stores/{_store.Id}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sri Balaji Kirana", Level = 1 })).ToBeVisibleAsync();

        lock (messages)
        {
            messages.ShouldNotContain(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase), string.Join(Environment.NewLine, messages));
        }
    }
}
