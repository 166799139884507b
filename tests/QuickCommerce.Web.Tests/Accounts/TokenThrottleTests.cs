using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

public sealed class TokenThrottleTests : AppTest
{
    protected override void Configure(QuickCommerceApp app) => app.Settings["RateLimits:Auth:SignInPerIpPerMinute"] = "3";

    [Fact]
    public async Task The_fourth_token_request_in_a_minute_from_one_client_gets_429_with_retry_after()
    {
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var client = App.CreateClient();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var allowed = await client.PostAsJsonAsync("/api/v1/auth/token", new { login = customer.Email, password = "wrong-password" });
            allowed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/auth/token", new { login = customer.Email, password = TestAccounts.DefaultPassword });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldStartWith("Too many attempts. Try again in");
    }
}
