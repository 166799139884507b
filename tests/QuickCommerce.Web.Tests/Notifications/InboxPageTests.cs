using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Accounts;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>/inbox and the header's count as a browser without JavaScript uses them.</summary>
public sealed class InboxPageTests : AppTest, IDisposable
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
    private static readonly HtmlParser Parser = new();

    private ApplicationUser _customer = null!;
    private FormPoster _browser = null!;

    public void Dispose() => _browser.Dispose();

    protected override async Task StartedAsync()
    {
        _customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        _browser = AccountPages.NewBrowser(App);
        await _browser.SignInOkAsync(_customer.Email!);
    }

    [Fact]
    public async Task The_page_lists_messages_newest_first_marks_the_unread_ones_and_the_header_counts_them()
    {
        var placed = await InboxRows.AddAsync(Database, _customer.Id, "Order placed", "/orders", Morning);
        await InboxRows.AddAsync(Database, _customer.Id, "Order accepted", "/orders", Morning.AddMinutes(2));
        await InboxRows.AddAsync(Database, _customer.Id, "Order packed", "/orders", Morning.AddMinutes(4));
        (await _browser.SubmitByNameAsync("/inbox", "open", new Dictionary<string, string> { ["id"] = placed.ToString() })).Status.ShouldBe(HttpStatusCode.Found);

        var page = await _browser.GetAsync("/inbox");

        page.Status.ShouldBe(HttpStatusCode.OK);
        var document = Parser.ParseDocument(page.Html);
        document.QuerySelectorAll(".inbox-message .inbox-title").Select(t => t.TextContent).ShouldBe(["Order packed", "Order accepted", "Order placed"]);
        document.QuerySelectorAll(".inbox-message").Select(m => m.ClassList.Contains("unread")).ShouldBe([true, true, false]);
        document.QuerySelectorAll(".inbox-message.unread .badge").Select(b => b.TextContent).ShouldBe(["New", "New"]);
        page.TextOf("[data-testid=inbox-summary]").ShouldBe("2 unread messages.");
        HeaderCount(document).ShouldBe("2");
        page.Html.ShouldNotContain("blazor.web.js");
        document.QuerySelectorAll("script[src*='inbox-badge']").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Every_page_header_shows_the_unread_count_to_a_signed_in_person_only()
    {
        await InboxRows.AddAsync(Database, _customer.Id, at: Morning);

        var home = Parser.ParseDocument((await _browser.GetAsync("/cart")).Html);
        using var stranger = AccountPages.NewBrowser(App);
        var anonymous = Parser.ParseDocument((await stranger.GetAsync("/cart")).Html);

        HeaderCount(home).ShouldBe("1");
        home.QuerySelector("a[href='/inbox']").ShouldNotBeNull();
        anonymous.QuerySelector("[data-inbox-unread]").ShouldBeNull();
        anonymous.QuerySelectorAll("script[src*='inbox-badge']").ShouldBeEmpty();
    }

    [Fact]
    public async Task Mark_all_read_clears_the_count_in_the_page_and_the_header()
    {
        await InboxRows.AddAsync(Database, _customer.Id, at: Morning);
        await InboxRows.AddAsync(Database, _customer.Id, at: Morning.AddMinutes(1));

        var posted = await _browser.SubmitAsync("/inbox", "read-all", new Dictionary<string, string>());

        posted.Status.ShouldBe(HttpStatusCode.Found);
        posted.LocationPath.ShouldBe("/inbox");
        var page = await _browser.GetAsync("/inbox");
        var document = Parser.ParseDocument(page.Html);
        document.QuerySelectorAll(".inbox-message.unread").ShouldBeEmpty();
        document.QuerySelectorAll(".inbox-message.read").Length.ShouldBe(2);
        page.TextOf("[data-testid=inbox-summary]").ShouldBe("You are all caught up.");
        HeaderCount(document).ShouldBe("0");
        document.QuerySelector("[data-inbox-unread]")!.HasAttribute("hidden").ShouldBeTrue();
    }

    [Fact]
    public async Task Opening_a_message_marks_it_read_and_goes_to_its_link()
    {
        var accepted = await InboxRows.AddAsync(Database, _customer.Id, "Order accepted", "/orders/5b0c9a4e-0000-4000-8000-000000000001");

        var opened = await _browser.SubmitByNameAsync("/inbox", "open", new Dictionary<string, string> { ["id"] = accepted.ToString() });

        opened.Status.ShouldBe(HttpStatusCode.Found);
        opened.LocationPath.ShouldBe("/orders/5b0c9a4e-0000-4000-8000-000000000001");
        (await InboxRows.IsReadAsync(Database, accepted)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("https://evil.example/login")]
    [InlineData("//evil.example/login")]
    [InlineData("/\\evil.example/login")]
    [InlineData("/\t/evil.example/login")]
    public async Task A_link_to_another_site_is_neither_shown_nor_followed(string link)
    {
        var phish = await InboxRows.AddAsync(Database, _customer.Id, "Verify your account", link);

        var page = await _browser.GetAsync("/inbox");
        var opened = await _browser.SubmitByNameAsync("/inbox", "open", new Dictionary<string, string> { ["id"] = phish.ToString() });

        page.Html.ShouldNotContain("evil.example");
        opened.Status.ShouldBe(HttpStatusCode.Found);
        opened.Location.ShouldNotBeNull();
        new Uri(new Uri("http://localhost"), opened.Location).Host.ShouldBe("localhost");
        opened.LocationPath.ShouldBe("/inbox");
        (await InboxRows.IsReadAsync(Database, phish)).ShouldBeTrue();
    }

    [Fact]
    public async Task Opening_another_persons_message_is_not_found_and_leaves_it_unread()
    {
        var other = await TestAccounts.CreateAsync(App, Roles.Customer);
        var theirs = await InboxRows.AddAsync(Database, other.Id, "Their order", "/orders");
        await InboxRows.AddAsync(Database, _customer.Id, "Mine", "/orders");

        var opened = await _browser.SubmitByNameAsync("/inbox", "open", new Dictionary<string, string> { ["id"] = theirs.ToString() });

        opened.Status.ShouldBe(HttpStatusCode.NotFound);
        opened.Text.ShouldContain("We could not find that page");
        (await InboxRows.IsReadAsync(Database, theirs)).ShouldBeFalse();
    }

    [Fact]
    public async Task Older_messages_are_a_link_away()
    {
        for (var i = 0; i < 22; i++)
        {
            await InboxRows.AddAsync(Database, _customer.Id, $"Message {i}", at: Morning.AddMinutes(i));
        }

        var first = Parser.ParseDocument((await _browser.GetAsync("/inbox")).Html);
        var older = first.QuerySelectorAll("a").Single(a => a.TextContent == "Older messages").GetAttribute("href")!;
        var second = Parser.ParseDocument((await _browser.GetAsync(older)).Html);

        first.QuerySelectorAll(".inbox-message").Length.ShouldBe(20);
        second.QuerySelectorAll(".inbox-title").Select(t => t.TextContent).ShouldBe(["Message 1", "Message 0"]);
        second.QuerySelectorAll("a").Any(a => a.TextContent == "Older messages").ShouldBeFalse();
    }

    [Fact]
    public async Task A_bad_page_address_shows_the_newest_messages_and_says_so()
    {
        await InboxRows.AddAsync(Database, _customer.Id, "Order accepted");

        var page = await _browser.GetAsync("/inbox?before=yesterday");

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.TextOf("[role=alert]").ShouldBe("That page of your inbox could not be found; here are your newest messages.");
        page.TextOf(".inbox-title").ShouldBe("Order accepted");
    }

    private static string? HeaderCount(IDocument document) => document.QuerySelector("header [data-inbox-unread]")?.GetAttribute("data-inbox-unread");
}
