using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>Today at a glance from orders and order_events seeded on the real database, with a fixed clock.</summary>
public sealed class MerchantTodayTests : AppTest, IDisposable
{
    // Wednesday 25 November 2026, 20:00 IST.
    private static readonly DateTimeOffset Evening = FixedClock.Ist(2026, 11, 25, 20);

    private Store _store = null!;
    private Store _otherStore = null!;
    private Product _atta = null!;
    private Product _milk = null!;
    private Guid _customerId;
    private Guid _merchantId;
    private HttpClient _owner = null!;
    private HttpClient _merchantWithoutShop = null!;

    public void Dispose()
    {
        _owner.Dispose();
        _merchantWithoutShop.Dispose();
    }

    protected override async Task StartedAsync()
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        _merchantId = merchant.Id;
        _customerId = (await TestAccounts.CreateAsync(App, Roles.Customer)).Id;
        _store = new Store(Guid.NewGuid(), merchant.Id, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, new Money(1500), DateTimeOffset.UnixEpoch);
        _store.Approve();
        _otherStore = DemoShop.Store("Other Kirana");
        _atta = DemoShop.Product(_store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: 100);
        _milk = DemoShop.Product(_store, "Amul Taaza Milk", pricePaise: 3000, mrpPaise: 3000, stock: 100);
        await using var db = Database.NewContext();
        db.Stores.AddRange(_store, _otherStore);
        db.Products.AddRange(_atta, _milk);
        await db.SaveChangesAsync();

        _owner = await TestAccounts.ClientForAsync(App, merchant);
        _merchantWithoutShop = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Merchant));
    }

    [Fact]
    public async Task The_day_so_far_counts_orders_revenue_acceptance_best_sellers_rejections_and_hours()
    {
        await SeedDayAsync();
        var queries = new QueryCounter();

        TodaySummary summary;
        await using (var db = Database.NewContext(queries))
        {
            summary = await new MerchantToday(db, new FixedClock(Evening)).ForStoreAsync(_store.Id, Store.DefaultTimeZone, CancellationToken.None);
        }

        summary.Day.ShouldBe(new DateOnly(2026, 11, 25));
        summary.Orders.ShouldBe(8);

        // Accepted-and-later orders only: A (2 atta + 3 milk + ₹15 fee) and B (1 milk + ₹15 fee).
        summary.SoldOrders.ShouldBe(2);
        summary.RevenuePaise.ShouldBe(19_500 + 4_500);

        // A in 90 s, B in 30 s, G in 60 s (G was cancelled later, but it was accepted).
        summary.AverageAcceptanceSeconds.ShouldBe(60);

        summary.RejectedOrders.ShouldBe(3);
        summary.RejectionReasons.ShouldBe([new RejectionReason("Out of stock", 2), new RejectionReason("Not answered in 5 minutes", 1)]);

        summary.TopProducts.Select(p => (p.Name, p.Quantity, p.RevenuePaise)).ShouldBe([("Amul Taaza Milk", 4, 12_000L), ("Aashirvaad Atta", 2, 9_000L)]);

        var perHour = new int[24];
        perHour[0] = 1;
        perHour[9] = 2;
        perHour[13] = 2;
        perHour[14] = 1;
        perHour[18] = 1;
        perHour[19] = 1;
        summary.OrdersPerHour.ShouldBe(perHour);

        queries.Count.ShouldBe(2, "the figures come from two queries whatever the day's volume");
    }

    [Fact]
    public async Task A_day_without_orders_is_all_zeros()
    {
        await using var db = Database.NewContext();

        var summary = await new MerchantToday(db, new FixedClock(Evening)).ForStoreAsync(_store.Id, Store.DefaultTimeZone, CancellationToken.None);

        summary.Orders.ShouldBe(0);
        summary.RevenuePaise.ShouldBe(0);
        summary.AverageAcceptanceSeconds.ShouldBeNull();
        summary.TopProducts.ShouldBeEmpty();
        summary.RejectionReasons.ShouldBeEmpty();
        summary.OrdersPerHour.ShouldAllBe(n => n == 0);
    }

    [Fact]
    public async Task The_api_answers_for_the_owners_shop_today()
    {
        // The app runs on the real clock: seed two orders inside today's local day, whatever the time now.
        var today = StoreTimetable.LocalDay(DateTimeOffset.UtcNow, Store.DefaultTimeZone);
        var midnight = StoreTimetable.StartOfDay(today, Store.DefaultTimeZone);
        await using (var db = Database.NewContext())
        {
            var first = NewOrder(midnight.AddMinutes(5), (_milk, 2));
            Move(first, OrderStatus.Accepted, midnight.AddMinutes(7));
            db.Orders.AddRange(first, NewOrder(midnight.AddMinutes(65), (_atta, 1)));
            await db.SaveChangesAsync();
        }

        var response = await _owner.GetAsync("/api/v1/merchant/today");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
        summary.GetProperty("storeId").GetGuid().ShouldBe(_store.Id);
        summary.GetProperty("day").GetString().ShouldBe(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        summary.GetProperty("orders").GetInt32().ShouldBe(2);
        summary.GetProperty("revenuePaise").GetInt64().ShouldBe(6000 + 1500);
        summary.GetProperty("averageAcceptanceSeconds").GetDouble().ShouldBe(120);
        summary.GetProperty("topProducts")[0].GetProperty("name").GetString().ShouldBe("Amul Taaza Milk");
        summary.GetProperty("ordersPerHour").EnumerateArray().Select(h => h.GetInt32()).Take(2).ShouldBe([1, 1]);
    }

    [Fact]
    public async Task A_merchant_without_a_shop_gets_not_found()
    {
        (await _merchantWithoutShop.GetAsync("/api/v1/merchant/today")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// Wednesday 25 November 2026 in Kolkata, plus an order the evening before and one of another
    /// shop, which must not count.
    /// </summary>
    private async Task SeedDayAsync()
    {
        static DateTimeOffset At(int hour, int minute = 0) => FixedClock.Ist(2026, 11, 25, hour, minute);

        var a = NewOrder(At(9, 10), (_atta, 2), (_milk, 3));
        Move(a, OrderStatus.Accepted, At(9, 10).AddSeconds(90));
        Move(a, OrderStatus.Packed, At(9, 20));

        var b = NewOrder(At(9, 40), (_milk, 1));
        Move(b, OrderStatus.Accepted, At(9, 40).AddSeconds(30));
        Move(b, OrderStatus.Packed, At(9, 50));

        var c = NewOrder(At(13, 5), (_atta, 5));
        Move(c, OrderStatus.Rejected, At(13, 6), reason: "Out of stock");
        var d = NewOrder(At(13, 20), (_atta, 4));
        Move(d, OrderStatus.Rejected, At(13, 21), reason: " out of stock ");
        var e = NewOrder(At(14, 30), (_milk, 9));
        Move(e, OrderStatus.Rejected, At(14, 35), reason: "Not answered in 5 minutes", by: Actor.System);

        var f = NewOrder(At(18), (_milk, 6));
        var g = NewOrder(At(19), (_atta, 7));
        Move(g, OrderStatus.Accepted, At(19).AddSeconds(60));
        Move(g, OrderStatus.Cancelled, At(19, 5), reason: "Customer called to cancel");
        var atMidnight = NewOrder(At(0), (_milk, 8));

        var yesterday = NewOrder(FixedClock.Ist(2026, 11, 24, 23, 59), (_atta, 10));
        Move(yesterday, OrderStatus.Accepted, FixedClock.Ist(2026, 11, 25, 0, 1));
        var elsewhere = new Order(Guid.NewGuid(), _customerId, _otherStore.Id, Guid.NewGuid(), "Flat 4, Indiranagar", DemoShop.Indiranagar, null,
            PaymentMethod.CashOnDelivery, IfUnavailable.Proceed, Money.Zero,
            [new OrderLine(_atta.Id, _atta.Name, _atta.Unit, new Money(4500), 1)], new Actor(ActorRole.Customer, _customerId), At(12));

        await using var db = Database.NewContext();
        db.Orders.AddRange(a, b, c, d, e, f, g, atMidnight, yesterday, elsewhere);
        await db.SaveChangesAsync();
    }

    private Order NewOrder(DateTimeOffset at, params (Product Product, int Quantity)[] lines) =>
        new(
            Guid.NewGuid(),
            _customerId,
            _store.Id,
            Guid.NewGuid(),
            "Flat 4, 12th Main, Indiranagar",
            DemoShop.Indiranagar,
            null,
            PaymentMethod.CashOnDelivery,
            IfUnavailable.Proceed,
            new Money(1500),
            [.. lines.Select(l => new OrderLine(l.Product.Id, l.Product.Name, l.Product.Unit, l.Product.Price, l.Quantity))],
            new Actor(ActorRole.Customer, _customerId),
            at);

    private void Move(Order order, OrderStatus to, DateTimeOffset at, string? reason = null, Actor? by = null) =>
        order.TransitionTo(to, by ?? new Actor(ActorRole.Merchant, _merchantId), new FixedClock(at), reason).IsSuccess.ShouldBeTrue($"{order.Status} → {to}");

    /// <summary>Counts the SQL commands a context sends.</summary>
    private sealed class QueryCounter : DbCommandInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<System.Data.Common.DbDataReader>> ReaderExecutingAsync(
            System.Data.Common.DbCommand command,
            CommandEventData eventData,
            InterceptionResult<System.Data.Common.DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Count++;
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
