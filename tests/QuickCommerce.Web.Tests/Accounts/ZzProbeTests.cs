using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

public sealed class ZzProbeTests
{
    [Fact]
    public async Task Probe()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new QuickCommerceApp(database);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var poster = new FormPoster(client);
        var r = await poster.SubmitAsync("/account/signup", "customer-signup", new Dictionary<string, string>
        {
            ["fullName"] = "Asha Rao", ["phone"] = "98450 12345", ["password"] = "Asha@12345", ["confirmPassword"] = "Asha@12345",
        });
        await File.WriteAllTextAsync("/tmp/probe/browser-signup.txt", $"{r.Status} {r.Location}\n{r.Html}");
        var r2 = await poster.GetAsync("/account/signin?returnUrl=%2Fcart");
        await File.WriteAllTextAsync("/tmp/probe/signin-return.txt", $"{r2.Status} {r2.Location}\n{r2.Html}");
        var r3 = await poster.GetAsync("/account/pending");
        await File.WriteAllTextAsync("/tmp/probe/pending-anon.txt", $"{r3.Status} {r3.Location}\n{r3.Html}");
    }
}
