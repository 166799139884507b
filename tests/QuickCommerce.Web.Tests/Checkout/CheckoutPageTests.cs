using System.Net;
using AngleSharp.Html.Parser;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Accounts;

namespace QuickCommerce.Web.Tests.Checkout;

/// <summary>The static checkout page as a signed-in customer's browser gets it.</summary>
public sealed class CheckoutPageTests : AppTest
{
    private Store _store = null!;
    private Product _milk = null!;

    protected override async Task SeedAsync(QuickCommerceDbContext db)
    {
        _store = DemoShop.Store("Sri Balaji Kirana", metresNorth: 200);
        _milk = DemoShop.Product(_store, "Nandini Toned Milk", pricePaise: 2400, mrpPaise: 2400, stock: 50);
        db.Stores.Add(_store);
        db.Products.Add(_milk);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Every opening is a new checkout: the priced cart and a form with a key of its own. (The page
    /// once made its form after pricing the cart, and when the database answered fast enough for the
    /// pricing to finish at once, the render Blazor makes at the first real await met a cart with no
    /// form: "Something went wrong" in the browser test, under load. That timing cannot be forced
    /// here; the page now makes the form before it shows the cart, so the order of events cannot matter.)
    /// </summary>
    [Fact]
    public async Task Opening_checkout_shows_the_cart_and_a_form_with_a_fresh_key_every_time()
    {
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(customer.Email!);
        // The store page's Add button, as a browser posts it.
        var shop = await browser.GetAsync($"/stores/{_store.Id}");
        var added = await browser.PostAsync("/cart/add", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormPoster.AntiforgeryToken(shop.Html),
            ["storeId"] = _store.Id.ToString(),
            ["productId"] = _milk.Id.ToString(),
        });
        added.Status.ShouldBe(HttpStatusCode.Redirect, added.Text);

        var keys = new HashSet<string>();
        for (var visit = 1; visit <= 20; visit++)
        {
            var page = await browser.GetAsync($"/checkout/{_store.Id}");

            page.Status.ShouldBe(HttpStatusCode.OK, $"visit {visit}: {page.Text}");
            var document = new HtmlParser().ParseDocument(page.Html);
            document.QuerySelector("[data-testid=total]").ShouldNotBeNull($"visit {visit} shows no total").TextContent.ShouldContain("₹");
            document.QuerySelector(".products").ShouldNotBeNull().TextContent.ShouldContain("1 × Nandini Toned Milk");
            var key = document.QuerySelector("input[name='Form.IdempotencyKey']").ShouldNotBeNull($"visit {visit} has no checkout form").GetAttribute("value");
            Guid.TryParse(key, out _).ShouldBeTrue();
            keys.Add(key!);
        }

        keys.Count.ShouldBe(20, "each opening of the page is a new checkout with its own key");
    }
}
