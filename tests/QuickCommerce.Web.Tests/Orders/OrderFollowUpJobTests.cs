using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Orders;

public sealed class OrderFollowUpJobTests : AppTest, IDisposable
{
    private Store _store = null!;
    private Product _dal = null!;
    private HttpClient _customer = null!;

    public void Dispose() => _customer.Dispose();

    protected override Task SeedAsync(QuickCommerceDbContext db)
    {
        _store = DemoShop.Store("Sri Balaji Kirana");
        _dal = DemoShop.Product(_store, "Tata Sampann Toor Dal", pricePaise: 18900, mrpPaise: 18900, stock: 2, categoryId: 3, hindiName: "तूर दाल (toor dal)");
        db.Stores.Add(_store);
        db.Products.Add(_dal);
        return Task.CompletedTask;
    }

    protected override async Task StartedAsync() =>
        _customer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));

    [Fact]
    public async Task A_placed_order_commits_one_follow_up_job_which_the_worker_completes_and_a_replay_adds_none()
    {
        var key = Guid.NewGuid();
        var first = await PlaceAsync(key, qty: 1);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var orderId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await PlaceAsync(key, qty: 1)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        Job job;
        do
        {
            await using var db = Database.NewContext();
            job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Type == "order.placed");
            if (job.Status == JobStatus.Succeeded)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTimeOffset.UtcNow < deadline);

        job.Key.ShouldBe($"order.placed:{orderId}");
        job.Status.ShouldBe(JobStatus.Succeeded);
        job.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_refused_order_leaves_no_job()
    {
        (await PlaceAsync(Guid.NewGuid(), qty: 3)).StatusCode.ShouldBe(HttpStatusCode.Conflict); // only 2 on the shelf

        await using var db = Database.NewContext();
        (await db.Jobs.CountAsync()).ShouldBe(0);
    }

    private async Task<HttpResponseMessage> PlaceAsync(Guid key, int qty) =>
        await OrderRequests.PlaceAsync(_customer, OrderRequests.For(_store, (_dal, qty)), key);
}
