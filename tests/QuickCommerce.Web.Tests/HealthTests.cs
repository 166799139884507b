using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests;

public sealed class HealthTests : AppTest
{
    [Fact]
    public async Task Live_answers_without_touching_the_services()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync("/health/live");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_reports_postgres_redis_and_object_storage_healthy()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("status").GetString().ShouldBe("Healthy");
        var checks = report.GetProperty("checks");
        checks.GetProperty("postgres").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("redis").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("object-storage").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_fails_when_postgres_is_unreachable()
    {
        await using var broken = new QuickCommerceApp(Database);
        broken.Settings["Database:MigrateOnStartup"] = "false";
        broken.Settings["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2";
        using var client = broken.CreateClient();

        var response = await client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        report.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString().ShouldBe("Unhealthy");
    }
}
