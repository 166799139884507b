using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;
using Xunit.Abstractions;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// The two clocks a new order starts, run as the job worker runs them (the job row the order
/// committed, its handler in a scope of its own) against the real database.
/// </summary>
public sealed class NewOrderTimerJobTests(ITestOutputHelper output) : AppTest, IDisposable
{
    private readonly RecordingChannel _sms = new();
    private MerchantShop _shop = null!;

    public void Dispose() => _shop.Dispose();

    // The worker must not run the timers on its own while the tests run them by hand.
    protected override void Configure(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["MerchantAlerts:EscalateAfter"] = "12:00:00";
        app.Settings["MerchantAlerts:AutoRejectAfter"] = "1.00:00:00";
    }

    protected override async Task StartedAsync() => _shop = await MerchantShop.OpenAsync(App, Database, stock: 1000);

    [Fact]
    public async Task An_unanswered_order_escalates_to_the_owner_once_however_often_the_job_runs()
    {
        var id = await _shop.PlaceAsync(qty: 2);

        await EscalateAsync(id);
        await EscalateAsync(id);

        var sent = _sms.Sent.ShouldHaveSingleItem();
        sent.RecipientId.ShouldBe(_shop.Merchant.Id);
        sent.Title.ShouldBe("New order waiting 12 hours");
        sent.Body.ShouldStartWith("2 items, ₹90.");
        sent.Link.ShouldBe("/merchant");
        await using var db = Database.NewContext();
        (await db.InboxMessages.CountAsync(m => m.UserId == _shop.Merchant.Id && m.Key == $"order.escalate:{id}")).ShouldBe(1);
    }

    [Fact]
    public async Task An_acknowledged_order_does_not_escalate()
    {
        var id = await _shop.PlaceAsync();
        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await EscalateAsync(id);

        _sms.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_accepted_order_does_not_escalate()
    {
        var id = await _shop.PlaceAsync();
        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await EscalateAsync(id);

        _sms.Sent.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unanswered_order_is_rejected_for_the_shop_and_its_stock_goes_back(bool acknowledged)
    {
        var before = await _shop.StockAsync(Database);
        var id = await _shop.PlaceAsync(qty: 3);
        (await _shop.StockAsync(Database)).ShouldBe(before - 3);
        if (acknowledged)
        {
            (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        await AutoRejectAsync(id);
        await AutoRejectAsync(id); // a rerun finds nothing left to do

        var order = await MerchantShop.OrderAsync(Database, id);
        order.Status.ShouldBe(OrderStatus.Rejected);
        order.Events.Count.ShouldBe(2);
        var rejected = order.Events.Single(e => e.ToStatus == OrderStatus.Rejected);
        rejected.ActorRole.ShouldBe(ActorRole.System);
        rejected.Reason.ShouldBe("The shop did not answer in time");
        (await _shop.StockAsync(Database)).ShouldBe(before);

        // The customer hears of it like any other move, and the owner learns what they missed.
        await using var db = Database.NewContext();
        (await db.Jobs.CountAsync(j => j.Key.StartsWith($"order.status:{id}:Rejected:"))).ShouldBe(1);
        (await db.InboxMessages.CountAsync(m => m.UserId == _shop.Merchant.Id && m.Key == $"order.auto-reject:{id}")).ShouldBe(1);
    }

    [Fact]
    public async Task An_accepted_order_is_left_alone_by_the_auto_reject()
    {
        var before = await _shop.StockAsync(Database);
        var id = await _shop.PlaceAsync(qty: 2);
        (await _shop.MerchantClient.PostAsync($"/api/v1/orders/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await AutoRejectAsync(id);

        var order = await MerchantShop.OrderAsync(Database, id);
        order.Status.ShouldBe(OrderStatus.Accepted);
        order.Events.Count.ShouldBe(2);
        (await _shop.StockAsync(Database)).ShouldBe(before - 2);
    }

    [Fact]
    public async Task An_order_waiting_for_the_customer_to_approve_changes_is_not_auto_rejected()
    {
        var before = await _shop.StockAsync(Database);
        var id = await _shop.PlaceAsync(qty: 1);
        await using (var db = Database.NewContext())
        {
            // The partial-acceptance flow's state, set directly: only its absence of a reject matters here.
            await db.Orders.Where(o => o.Id == id).ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, OrderStatus.AwaitingCustomer));
        }

        await AutoRejectAsync(id);

        (await MerchantShop.OrderAsync(Database, id)).Status.ShouldBe(OrderStatus.AwaitingCustomer);
        (await _shop.StockAsync(Database)).ShouldBe(before - 1);
    }

    [Fact]
    public async Task Accept_racing_the_auto_reject_fifty_times_has_exactly_one_outcome_each_time_and_stock_stays_consistent()
    {
        var before = await _shop.StockAsync(Database);
        var ids = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await _shop.PlaceAsync(qty: 1));
        }

        var accepted = 0;
        foreach (var id in ids)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var accept = Task.Run(async () =>
            {
                await go.Task;
                await using var scope = App.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<MerchantOrders>().AcceptAsync(_shop.Merchant.Id, id, CancellationToken.None);
            });
            var autoReject = Task.Run(async () =>
            {
                await go.Task;
                await AutoRejectAsync(id);
            });
            go.SetResult();
            var acceptance = await accept;
            await autoReject;

            var order = await MerchantShop.OrderAsync(Database, id);
            order.Status.ShouldBeOneOf(OrderStatus.Accepted, OrderStatus.Rejected);
            order.Events.Count.ShouldBe(2, $"order {id}");
            if (acceptance.IsSuccess)
            {
                order.Status.ShouldBe(OrderStatus.Accepted);
                accepted++;
            }
            else
            {
                // The merchant is told the platform was first.
                order.Status.ShouldBe(OrderStatus.Rejected);
                acceptance.Error!.Kind.ShouldBe(Core.Common.ErrorKind.Conflict);
                acceptance.Error.Message.ShouldContain("rejected");
            }
        }

        output.WriteLine($"The merchant won {accepted} of 50 races, the auto-reject {50 - accepted}.");

        // Stock came back once for every rejected order and never for an accepted one.
        (await _shop.StockAsync(Database)).ShouldBe(before - accepted);
    }

    private Task EscalateAsync(Guid orderId) => RunAsync(OrderEscalationHandler.JobType, orderId, services =>
        ActivatorUtilities.CreateInstance<OrderEscalationHandler>(services, (INotificationChannel)_sms));

    private Task AutoRejectAsync(Guid orderId) => RunAsync(OrderAutoRejectHandler.JobType, orderId, services =>
        services.GetServices<IJobHandler>().Single(h => h.Type == OrderAutoRejectHandler.JobType));

    /// <summary>Runs the order's own job row through its handler, in a fresh scope as the worker does.</summary>
    private async Task RunAsync(string type, Guid orderId, Func<IServiceProvider, IJobHandler> handlerIn)
    {
        Job job;
        await using (var db = Database.NewContext())
        {
            job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Type == type && j.Key == $"{type}:{orderId}");
        }

        await using var scope = App.Services.CreateAsyncScope();
        await handlerIn(scope.ServiceProvider).HandleAsync(new JobContext(job.Id, job.Type, job.Key, job.Payload, Attempt: 1), CancellationToken.None);
    }

    /// <summary>The SMS/WhatsApp port, recording what it would send.</summary>
    private sealed class RecordingChannel : INotificationChannel
    {
        public ConcurrentQueue<Notification> Sent { get; } = new();

        public Task SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            Sent.Enqueue(notification);
            return Task.CompletedTask;
        }
    }
}
