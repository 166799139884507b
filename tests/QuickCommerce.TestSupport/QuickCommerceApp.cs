using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace QuickCommerce.TestSupport;

/// <summary>
/// The real app (Program.cs) on a test database and the test Redis and S3. In-memory test server
/// by default; <see cref="StartOnRealPort"/> puts it on Kestrel at a loopback port for a browser.
/// </summary>
public sealed class QuickCommerceApp(TestDatabase database, string environment = "Testing") : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    /// <summary>Extra settings applied after the defaults, e.g. Demo:Seed.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Starts Kestrel on a free loopback port and returns the base address ("http://127.0.0.1:PORT").</summary>
    public Uri StartOnRealPort()
    {
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new Uri(addresses.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(environment);

        // Outside Development the host only serves published assets; tests run from the build output.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in TestServices.Configuration(Database.ConnectionString))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Database:MigrateOnStartup", "true");

        // Every test request comes from one "unknown" client; the throttle tests lower these again.
        builder.UseSetting("RateLimits:Auth:SignInPerIpPerMinute", "100000");
        builder.UseSetting("RateLimits:Auth:SignInPerAccountPerFiveMinutes", "100000");
        builder.UseSetting("RateLimits:Auth:SignUpPerIpPerHour", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
