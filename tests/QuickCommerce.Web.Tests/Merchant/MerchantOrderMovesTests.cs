using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Merchant;

public sealed class MerchantOrderMovesTests : AppTest, IDisposable
{
    private Store _store = null!;
    private Product _atta = null!;
    private HttpClient _customer = null!;
    private HttpClient _counterTablet = null!;
    private HttpClient _ownersPhone = null!;
    private HttpClient _otherMerchant = null!;

    public void Dispose()
    {
        _customer.Dispose();
        _counterTablet.Dispose();
        _ownersPhone.Dispose();
        _otherMerchant.Dispose();
    }

    protected override async Task StartedAsync()
    {
        var merchant = await TestAccounts.CreateAsync(App, Roles.Merchant);
        _store = new Store(Guid.NewGuid(), merchant.Id, "Sri Balaji Kirana", "12, 100 Feet Road", "Indiranagar", "560038", "+918041234567",
            DemoShop.Indiranagar, 4000, OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        _store.Approve();
        _atta = DemoShop.Product(_store, "Aashirvaad Atta", pricePaise: 4500, mrpPaise: 4500, stock: 1000);
        await using (var db = Database.NewContext())
        {
            db.Stores.Add(_store);
            db.Products.Add(_atta);
            await db.SaveChangesAsync();
        }

        _customer = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Customer));

        // The same shop open on two devices: two sessions of one merchant.
        _counterTablet = await TestAccounts.ClientForAsync(App, merchant);
        _ownersPhone = await TestAccounts.ClientForAsync(App, merchant);
        _otherMerchant = await TestAccounts.ClientForAsync(App, await TestAccounts.CreateAsync(App, Roles.Merchant));
    }

    [Fact]
    public async Task The_merchant_sees_the_new_order_accepts_it_and_packs_it()
    {
        var id = await PlaceAsync(qty: 2);

        var queue = await _counterTablet.GetFromJsonAsync<JsonElement[]>("/api/v1/merchant/orders?status=Placed");
        queue!.Select(o => o.GetProperty("id").GetGuid()).ShouldContain(id);

        (await _counterTablet.PostAsync($"/api/v1/orders/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(id)).ShouldBe("Accepted");
        (await _counterTablet.PostAsync($"/api/v1/orders/{id}/pack", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await StatusAsync(id)).ShouldBe("Packed");

        var details = await _customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        details.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("to").GetString()).ShouldBe(["Placed", "Accepted", "Packed"]);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_the_customer_reads_and_puts_the_stock_back()
    {
        var before = await StockAsync();
        var id = await PlaceAsync(qty: 3);
        (await StockAsync()).ShouldBe(before - 3);

        var noReason = await _counterTablet.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await StatusAsync(id)).ShouldBe("Placed");

        (await _counterTablet.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "Atta is out of stock." })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var details = await _customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        details.GetProperty("order").GetProperty("status").GetString().ShouldBe("Rejected");
        details.GetProperty("timeline").EnumerateArray().Last().GetProperty("reason").GetString().ShouldBe("Atta is out of stock.");
        (await StockAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Illegal_moves_and_other_shops_orders_are_refused_with_the_current_state()
    {
        var id = await PlaceAsync(qty: 1);

        var packTooEarly = await _counterTablet.PostAsync($"/api/v1/orders/{id}/pack", null);
        packTooEarly.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await packTooEarly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe("This order is placed and cannot be packed now.");

        (await _otherMerchant.PostAsync($"/api/v1/orders/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _otherMerchant.GetFromJsonAsync<JsonElement[]>("/api/v1/merchant/orders")).ShouldBeEmpty();
        (await _counterTablet.GetAsync("/api/v1/merchant/orders?status=Shipped")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StatusAsync(id)).ShouldBe("Placed");
    }

    [Fact]
    public async Task Two_devices_pressing_accept_and_reject_at_once_a_hundred_times_have_exactly_one_winner_each_time()
    {
        var before = await StockAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add(await PlaceAsync(qty: 1));
        }

        var rejectedWins = 0;
        foreach (var id in ids)
        {
            var accept = _counterTablet.PostAsync($"/api/v1/orders/{id}/accept", null);
            var reject = _ownersPhone.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "Closing early today." });
            var answers = await Task.WhenAll(accept, reject);

            answers.Count(a => a.StatusCode == HttpStatusCode.NoContent).ShouldBe(1, $"order {id}");
            var loser = answers.Single(a => a.StatusCode != HttpStatusCode.NoContent);
            loser.StatusCode.ShouldBe(HttpStatusCode.Conflict, $"order {id}");
            var winner = answers[0].StatusCode == HttpStatusCode.NoContent ? "Accepted" : "Rejected";
            (await StatusAsync(id)).ShouldBe(winner);
            (await loser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!.ShouldContain(winner.ToLowerInvariant());
            rejectedWins += winner == "Rejected" ? 1 : 0;
        }

        // Stock went back once for each rejected order and never for an accepted one.
        (await StockAsync()).ShouldBe(before - (100 - rejectedWins));
        await using var db = Database.NewContext();
        var events = await db.OrderEvents.Where(e => ids.Contains(e.OrderId)).GroupBy(e => e.OrderId).Select(g => g.Count()).ToListAsync();
        events.ShouldAllBe(count => count == 2);
    }

    private async Task<Guid> PlaceAsync(int qty) =>
        await OrderRequests.PlaceCreatedAsync(_customer, OrderRequests.For(_store, (_atta, qty)));

    private async Task<string> StatusAsync(Guid id) =>
        (await _customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}")).GetProperty("order").GetProperty("status").GetString()!;

    private async Task<int> StockAsync()
    {
        await using var db = Database.NewContext();
        return await db.Products.Where(p => p.Id == _atta.Id).Select(p => p.Stock).SingleAsync();
    }
}
