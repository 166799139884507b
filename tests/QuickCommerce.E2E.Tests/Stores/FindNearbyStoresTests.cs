using Microsoft.Playwright;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Stores;
using QuickCommerce.TestSupport;

namespace QuickCommerce.E2E.Tests.Stores;

[Collection(SharedBrowser.Name)]
public sealed class FindNearbyStoresTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private QuickCommerceApp _app = null!;
    private Uri _baseAddress = null!;
    private Store _nearStore = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _nearStore = DemoShop.Store("Sri Balaji Kirana", metresNorth: 200);
        await using (var db = _database.NewContext())
        {
            db.Stores.AddRange(_nearStore, DemoShop.Store("Annapoorna Daily Needs", metresNorth: 900));
            db.Stores.Add(DemoShop.Store("Far Away Mart", metresNorth: 9000));
            db.Products.AddRange(Shelf(_nearStore));
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
    public async Task A_customer_who_shares_their_location_sees_the_stores_that_deliver_to_them()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            Geolocation = new Geolocation { Latitude = 12.9719f, Longitude = 77.6412f },
            Permissions = ["geolocation"],
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");

        // The page asks for the location by itself and reloads with it.
        var stores = page.Locator(".store-card .store-name");
        await Assertions.Expect(stores.First).ToBeVisibleAsync();
        (await stores.AllTextContentsAsync()).ShouldBe(["Sri Balaji Kirana", "Annapoorna Daily Needs"]);
        page.Url.ShouldContain("lat=12.97");
        (await page.Locator(".store-card .eta").First.TextContentAsync()).ShouldBe("10 min");
    }

    [Fact]
    public async Task A_customer_who_types_a_locality_and_opens_a_store_sees_its_catalogue_in_rupees()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Or type your locality or pincode").FillAsync("Indiranagar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find stores" }).ClickAsync();
        await page.GetByText("Sri Balaji Kirana").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sri Balaji Kirana", Level = 1 })).ToBeVisibleAsync();
        var atta = page.Locator(".product", new() { HasText = "Aashirvaad Shudh Chakki Atta" });
        (await atta.Locator(".price-now").TextContentAsync()).ShouldBe("₹265");
        (await atta.Locator(".price-mrp").TextContentAsync()).ShouldBe("₹285");
        await Assertions.Expect(page.Locator(".product", new() { HasText = "Tata Sampann Toor Dal" }).GetByText("Out of stock")).ToBeVisibleAsync();

        // Mobile-first: nothing spills sideways on a 360 px phone.
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        scrollWidth.ShouldBeLessThanOrEqualTo(360);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("search")]
    public async Task The_store_and_search_pages_stay_within_the_2g_budget_on_first_load(string which)
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });
        var page = await context.NewPageAsync();
        var transferred = new List<(string Url, long Bytes)>();
        page.RequestFinished += async (_, request) =>
        {
            var sizes = await request.SizesAsync();
            lock (transferred)
            {
                transferred.Add((request.Url, sizes.ResponseHeadersSize + sizes.ResponseBodySize));
            }
        };

        // The store page lists 252 products with their Add buttons; the search matches many of them.
        var url = which == "store" ? $"/stores/{_nearStore.Id}" : "/search?q=item&lat=12.9719&lng=77.6412";
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });

        long total;
        lock (transferred)
        {
            total = transferred.Sum(t => t.Bytes);
        }

        Console.WriteLine($"{which} page first load: {total} bytes transferred in {transferred.Count} requests");
        total.ShouldBeLessThan(60 * 1024);
        transferred.ShouldNotContain(t => t.Url.Contains("blazor.web.js", StringComparison.Ordinal));
    }

    private static IEnumerable<Product> Shelf(Store store)
    {
        yield return DemoShop.Product(store, "Aashirvaad Shudh Chakki Atta", pricePaise: 26500, mrpPaise: 28500, stock: 20);
        yield return DemoShop.Product(store, "Tata Sampann Toor Dal", pricePaise: 18900, mrpPaise: 18900, stock: 0, categoryId: 3, hindiName: "तूर दाल (toor dal)");
        for (var i = 1; i <= 250; i++)
        {
            yield return DemoShop.Product(store, $"Everyday Item {i}", pricePaise: 1000 + i, mrpPaise: 1200 + i, stock: i % 7, categoryId: 1 + (i % 15));
        }
    }
}
