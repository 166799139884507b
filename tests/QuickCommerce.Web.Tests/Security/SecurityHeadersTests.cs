using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Security;

namespace QuickCommerce.Web.Tests.Security;

public sealed class SecurityHeadersTests : AppTest, IDisposable
{
    private HttpClient _client = null!;

    public void Dispose() => _client.Dispose();

    protected override Task StartedAsync()
    {
        _client = App.CreateClient();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/api/v1/stores/nearby?lat=12.97&lng=77.64", HttpStatusCode.OK)]
    [InlineData("/api/v1/stores/nearby?lat=north&lng=77.64", HttpStatusCode.BadRequest)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/css/site.css", HttpStatusCode.OK)]
    public async Task Every_kind_of_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.ShouldBe(status);
        ShouldCarryTheSecurityHeaders(response);
    }

    [Fact]
    public async Task The_policy_allows_scripts_only_from_our_own_origin()
    {
        using var response = await _client.GetAsync(new Uri("/", UriKind.Relative));

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("script-src 'self';");
        policy.ShouldNotContain("unsafe-eval");
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src", StringComparison.Ordinal)).ShouldNotContain("unsafe-inline");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("object-src 'none'");
    }

    [Fact]
    public async Task An_unhandled_exception_still_answers_with_the_security_headers()
    {
        // The exception handler clears the response's headers before it renders /error; the
        // headers are added as the response starts, so they survive.
        await using var failing = App.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ThrowingEndpoint())));
        using var client = failing.CreateClient();

        using var response = await client.GetAsync(new Uri(ThrowingEndpoint.Path, UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        ShouldCarryTheSecurityHeaders(response);
    }

    private static void ShouldCarryTheSecurityHeaders(HttpResponseMessage response)
    {
        Header(response, "Content-Security-Policy").ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Permissions-Policy").ShouldBe("geolocation=(self), camera=(), microphone=()");
        Header(response, "Cross-Origin-Opener-Policy").ShouldBe("same-origin");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new ShouldAssertException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} without {name}.");

    /// <summary>A path that throws, reached after the app's own pipeline has found no endpoint for it.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public const string Path = "/test-only/throw";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == Path
                ? throw new InvalidOperationException("Thrown by the test.")
                : NotFound(context));
        };

        private static Task NotFound(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
    }
}
