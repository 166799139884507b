using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Realtime;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// The new-order alert's record: POST /api/v1/orders/{id}/acknowledge, and the queue's list with
/// each order's acknowledgement and distance from the shop.
/// </summary>
public sealed class OrderAcknowledgementApiTests : AppTest, IDisposable
{
    private MerchantShop _shop = null!;
    private HttpClient _otherMerchant = null!;

    public void Dispose()
    {
        _shop.Dispose();
        _otherMerchant.Dispose();
    }

    // The timers are not what these tests are about: keep them from firing while they run.
    protected override void Configure(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["MerchantAlerts:EscalateAfter"] = "12:00:00";
        app.Settings["MerchantAlerts:AutoRejectAfter"] = "1.00:00:00";
    }

    protected override async Task StartedAsync()
    {
        _shop = await MerchantShop.OpenAsync(App, Database);
        _otherMerchant = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Merchant));
    }

    [Fact]
    public async Task Acknowledging_twice_answers_204_both_times_and_keeps_the_first_time()
    {
        var id = await _shop.PlaceAsync();
        (await MerchantShop.OrderAsync(Database, id)).AcknowledgedAt.ShouldBeNull();

        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var first = (await MerchantShop.OrderAsync(Database, id)).AcknowledgedAt;
        first.ShouldNotBeNull();

        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var order = await MerchantShop.OrderAsync(Database, id);
        order.AcknowledgedAt.ShouldBe(first);

        // Silencing the alert is not a move: the order is still waiting for an answer, at its version.
        order.Status.ShouldBe(Core.Ordering.OrderStatus.Placed);
        order.Version.ShouldBe(0);
        order.Events.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Another_merchant_cannot_acknowledge_the_order_and_gets_404()
    {
        var id = await _shop.PlaceAsync();

        (await _otherMerchant.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{Guid.NewGuid()}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await MerchantShop.OrderAsync(Database, id)).AcknowledgedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Accepting_or_rejecting_acknowledges_and_a_later_acknowledge_keeps_that_time()
    {
        var accepted = await _shop.PlaceAsync();
        var rejected = await _shop.PlaceAsync();

        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{accepted}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _shop.MerchantClient.PostAsJsonAsync($"/api/v1/orders/{rejected}/reject", new { reason = "Out of stock" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var acceptedAt = (await MerchantShop.OrderAsync(Database, accepted)).AcknowledgedAt;
        acceptedAt.ShouldNotBeNull();
        (await MerchantShop.OrderAsync(Database, rejected)).AcknowledgedAt.ShouldNotBeNull();

        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{accepted}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MerchantShop.OrderAsync(Database, accepted)).AcknowledgedAt.ShouldBe(acceptedAt);
    }

    [Fact]
    public async Task Acknowledging_tells_the_stores_other_screens_once()
    {
        var id = await _shop.PlaceAsync();
        var heard = new List<LiveEvent>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var counterTablet = App.Services.GetRequiredService<LiveEventBus>().Subscribe([LiveGroups.Store(_shop.Store.Id)], e =>
        {
            if (e.Type == MerchantOrders.AcknowledgedEvent)
            {
                lock (heard)
                {
                    heard.Add(e);
                }

                first.TrySetResult();
            }

            return Task.CompletedTask;
        });

        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));
        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // A second acknowledgement changes nothing, so it says nothing; give a stray event time to arrive.
        await Task.Delay(500);
        lock (heard)
        {
            heard.ShouldHaveSingleItem().Data["orderId"].ShouldBe(id.ToString());
        }
    }

    [Fact]
    public async Task The_list_gives_each_orders_distance_from_the_shop_in_km_with_one_decimal_and_its_alert_state()
    {
        var near = await _shop.PlaceAsync(metresNorth: 500);
        var far = await _shop.PlaceAsync(metresNorth: 2000);
        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{near}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var list = (await _shop.MerchantClient.GetFromJsonAsync<JsonElement[]>("/api/v1/merchant/orders?status=Placed"))!;

        list.Select(o => o.GetProperty("id").GetGuid()).ShouldBe([far, near]); // newest first
        var nearView = list.Single(o => o.GetProperty("id").GetGuid() == near);
        var farView = list.Single(o => o.GetProperty("id").GetGuid() == far);
        nearView.GetProperty("distanceKm").GetDouble().ShouldBe(0.5);
        farView.GetProperty("distanceKm").GetDouble().ShouldBe(2.0);
        nearView.GetProperty("awaitsAcknowledgement").GetBoolean().ShouldBeFalse();
        nearView.GetProperty("acknowledgedAt").ValueKind.ShouldBe(JsonValueKind.String);
        farView.GetProperty("awaitsAcknowledgement").GetBoolean().ShouldBeTrue();
        farView.GetProperty("acknowledgedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        farView.GetProperty("status").GetString().ShouldBe("Placed");
        farView.GetProperty("note").GetString().ShouldBe("Ring twice");
        farView.GetProperty("lines")[0].GetProperty("quantity").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_placed_order_starts_its_escalation_and_auto_reject_timers_as_configured()
    {
        var id = await _shop.PlaceAsync();

        await using var db = Database.NewContext();
        var placedAt = (await MerchantShop.OrderAsync(Database, id)).CreatedAt;
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Key.EndsWith(id.ToString())).ToDictionaryAsync(j => j.Type);
        jobs[OrderEscalationHandler.JobType].RunAfter.ShouldBe(placedAt.AddHours(12));
        jobs[OrderEscalationHandler.JobType].Key.ShouldBe($"order.escalate:{id}");
        jobs[OrderAutoRejectHandler.JobType].RunAfter.ShouldBe(placedAt.AddDays(1));
        jobs[OrderAutoRejectHandler.JobType].Key.ShouldBe($"order.auto-reject:{id}");
    }
}
