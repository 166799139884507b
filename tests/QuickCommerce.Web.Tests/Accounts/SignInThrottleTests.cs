using System.Net;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>The sign-in page under a small per-address budget (the test server's requests all share one address).</summary>
public sealed class SignInThrottleTests : AppTest
{
    protected override void Configure(QuickCommerceApp app) =>
        app.Settings["RateLimits:Auth:SignInPerIpPerMinute"] = "3";

    [Fact]
    public async Task The_fourth_sign_in_in_a_minute_from_one_address_gets_429_with_retry_after()
    {
        using var browser = AccountPages.NewBrowser(App);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (await browser.SignInAsync($"nobody{attempt}@test.in")).Status.ShouldBe(HttpStatusCode.Unauthorized, $"attempt {attempt}");
        }

        var fourth = await browser.SignInAsync("nobody4@test.in");

        fourth.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        var retryAfter = fourth.Message.Headers.RetryAfter?.Delta;
        retryAfter.ShouldNotBeNull();
        retryAfter.Value.ShouldBeInRange(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        fourth.TextOf("[role=alert]").ShouldBe($"Too many attempts. Try again in {retryAfter.Value.TotalSeconds} seconds.");
    }
}
