using System.Net;
using AngleSharp.Html.Parser;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Web.Features.Orders;
using QuickCommerce.Web.Tests.Accounts;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>The customer's order page (static SSR, no script needed) when the shop changed the order: what changed, by when to answer, and the answer forms.</summary>
public sealed class OrderChangesPageTests : OrderChangesTest
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public async Task The_page_shows_what_changed_the_new_total_and_the_deadline_and_approving_accepts_the_order()
    {
        var id = await ChangedOrderAsync("proceed");
        var deadline = (await OrderAsync(id)).ChangesDeadline!.Value;
        using var browser = await SignedInBrowserAsync();

        var page = await browser.GetAsync($"/orders/{id}");

        page.Status.ShouldBe(HttpStatusCode.OK);
        var document = Parser.ParseDocument(page.Html);
        page.TextOf("[data-testid=order-status]").ShouldBe("The store changed your order · waiting for your answer");
        var changed = document.QuerySelectorAll("[data-testid=changed-line]");
        changed.Select(l => l.QuerySelector("s")!.TextContent).ShouldBe(["2", "1", "3"]);
        changed.Select(l => Squash(l.QuerySelector(".product-name")!.TextContent))
            .ShouldBe(["2 none × Amul Taaza Milk", "1 none × Aashirvaad Atta", "3 1 × Modern Bread"]);
        changed.Select(l => l.QuerySelector(".badge")!.TextContent).ShouldBe(["Not available", "Replaced", "Fewer"]);
        var substitute = document.QuerySelectorAll("[data-testid=substitute-line]").ShouldHaveSingleItem();
        Squash(substitute.QuerySelector(".product-name")!.TextContent).ShouldBe("2 × Pillsbury Chakki Atta");
        substitute.QuerySelector(".product-unit")!.TextContent.ShouldContain("instead of Aashirvaad Atta");
        page.TextOf("[data-testid=changes-total]").ShouldBe("₹159");
        page.TextOf("[data-testid=changes-deadline]")
            .ShouldBe($"Answer by {OrderChangesView.AnswerBy(deadline)} — otherwise we will go ahead with these changes, as you chose at checkout.");
        page.Html.ShouldNotContain("blazor.web.js");

        var approved = await browser.SubmitAsync($"/orders/{id}", "approve-changes", new Dictionary<string, string>());

        approved.Status.ShouldBe(HttpStatusCode.OK);
        approved.TextOf("[data-testid=order-status]").ShouldBe("Accepted · the store is packing");
        Parser.ParseDocument(approved.Html).QuerySelector("form input[name=_handler][value=approve-changes]").ShouldBeNull();
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.Accepted);

        // Afterwards the page still shows what the shop changed.
        var later = Parser.ParseDocument((await browser.GetAsync($"/orders/{id}")).Html);
        later.QuerySelectorAll("[data-testid=changed-line]").Length.ShouldBe(3);
        later.QuerySelector("[data-testid=changes-answer]").ShouldBeNull();
    }

    [Fact]
    public async Task Cancelling_from_the_page_cancels_the_order_and_says_what_the_default_would_have_been()
    {
        var id = await ChangedOrderAsync("cancel");
        using var browser = await SignedInBrowserAsync();
        var page = await browser.GetAsync($"/orders/{id}");
        page.TextOf("[data-testid=changes-deadline]")!.ShouldEndWith("otherwise we will cancel the order, as you chose at checkout.");

        var declined = await browser.SubmitAsync($"/orders/{id}", "decline-changes", new Dictionary<string, string>());

        declined.Status.ShouldBe(HttpStatusCode.OK);
        declined.TextOf("[data-testid=order-status]").ShouldBe("Cancelled");
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.Cancelled);
        (await StockAsync(Milk), await StockAsync(Atta), await StockAsync(Bread), await StockAsync(ChakkiAtta)).ShouldBe((100, 100, 100, 100));
    }

    [Fact]
    public async Task An_answer_the_default_beat_is_told_what_the_order_is_now()
    {
        var id = await ChangedOrderAsync("cancel");
        using var browser = await SignedInBrowserAsync();
        var page = await browser.GetAsync($"/orders/{id}");
        var token = FormPoster.AntiforgeryToken(page.Html);
        await ExpireDeadlineAsync(id);
        await RunTimeoutAsync(id);

        var late = await browser.PostAsync($"/orders/{id}", [new("_handler", "approve-changes"), new("__RequestVerificationToken", token)]);

        late.Status.ShouldBe(HttpStatusCode.Conflict);
        late.TextOf("[role=alert]").ShouldBe("This order is cancelled now; no changes wait for an answer.");
        late.TextOf("[data-testid=order-status]").ShouldBe("Cancelled");
    }

    [Fact]
    public async Task Without_the_pages_antiforgery_token_nothing_is_answered()
    {
        var id = await ChangedOrderAsync("proceed");
        using var browser = await SignedInBrowserAsync();

        var forged = await browser.PostAsync($"/orders/{id}", [new("_handler", "approve-changes")]);

        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.AwaitingCustomer);
    }

    /// <summary>Milk × 2 (none left), atta × 1 (Chakki atta × 2 instead), bread × 3 (one left): ₹40 + ₹104 + ₹15.</summary>
    private async Task<Guid> ChangedOrderAsync(string ifUnavailable)
    {
        var id = await PlaceAsync(ifUnavailable, (Milk, 2), (Atta, 1), (Bread, 3));
        var lines = await LineIdsAsync(id);
        using var proposed = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Milk.Id], qty = 0 }, new { lineId = lines[Bread.Id], qty = 1 } },
            substitutes = new[] { new { lineId = lines[Atta.Id], productId = ChakkiAtta.Id, qty = 2 } },
        });
        proposed.StatusCode.ShouldBe(HttpStatusCode.OK, await proposed.Content.ReadAsStringAsync());
        return id;
    }

    private async Task<FormPoster> SignedInBrowserAsync()
    {
        var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(CustomerAccount.Email!);
        return browser;
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
