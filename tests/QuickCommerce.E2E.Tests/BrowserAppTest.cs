using Microsoft.Playwright;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests;

/// <summary>
/// A browser test's world: its own database, the real app on a loopback port, and the run's shared
/// Chromium. <see cref="SeedAsync"/> fills the database before the app starts.
/// </summary>
public abstract class BrowserAppTest(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>The width of a cheap Android phone, the screen the dashboards must fit.</summary>
    public const int PhoneWidth = 360;

    protected TestDatabase Database { get; private set; } = null!;

    protected QuickCommerceApp App { get; private set; } = null!;

    protected Uri BaseAddress { get; private set; } = null!;

    /// <summary>The run's shared browser, for a context with options of its own (say, a location).</summary>
    protected IBrowser Chromium => browser.Browser;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await SeedAsync();
        App = new QuickCommerceApp(Database);
        BaseAddress = App.StartOnRealPort();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Runs once the database exists and before the app starts. Does nothing unless overridden.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>A fresh browser profile (no cookies) on a 360 × 740 phone screen.</summary>
    protected Task<IBrowserContext> PhoneAsync() =>
        Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 740 },
        });

    /// <summary>A fresh browser profile (no cookies) at Playwright's default desktop size.</summary>
    protected Task<IBrowserContext> DesktopAsync() =>
        Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });

    /// <summary>Signs <paramref name="account"/> in through the sign-in page and waits to land on <paramref name="returnUrl"/> (or home).</summary>
    protected static async Task SignInAsync(IPage page, ApplicationUser account, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await page.GotoAsync(returnUrl is null ? "/account/signin" : $"/account/signin?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("Mobile number or email").FillAsync(account.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(TestAccounts.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
    }
}
