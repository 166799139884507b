using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Inventory;
using QuickCommerce.Web.Tests.Orders;

namespace QuickCommerce.Web.Tests.Inventory;

public sealed class InventoryApiTests : InventoryTest
{
    private const string Base = "/api/v1/merchant/inventory";

    [Fact]
    public async Task A_merchant_adds_a_product_and_its_opening_stock_is_the_first_ledger_entry()
    {
        var shop = await ShopAsync();

        var response = await shop.Client.PostAsJsonAsync($"{Base}/products", new
        {
            name = "Amul Taaza Toned Milk",
            hindiName = "दूध (doodh)",
            brand = "Amul",
            unit = "500 ml",
            pricePaise = 2800,
            mrpPaise = 2900,
            categoryId = 6,
            barcode = "8901262010016",
            lowStockThreshold = 12,
            stock = 40,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"{Base}/products/{id}");
        created.GetProperty("version").GetInt32().ShouldBe(1);
        created.GetProperty("category").GetString().ShouldBe("Dairy & Eggs");
        var product = await ProductFromDatabaseAsync(id);
        product.StoreId.ShouldBe(shop.Id);
        product.Stock.ShouldBe(40);
        product.LowStockThreshold.ShouldBe(12);
        var entry = (await LedgerRowsAsync(id)).ShouldHaveSingleItem();
        (entry.Delta, entry.Reason, entry.StockAfter, entry.ActorId).ShouldBe((40, StockChangeReason.Correction, 40, shop.Owner.Id));
    }

    [Fact]
    public async Task A_price_edit_and_a_stock_correction_reach_the_customers_cached_search_at_once()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, pricePaise: 4500, mrpPaise: 5000, stock: 10);
        using var customer = App.CreateClient();
        const string search = "/api/v1/search?q=aashirvaad&lat=12.9719&lng=77.6412";
        var before = (await customer.GetFromJsonAsync<JsonElement[]>(search))!.Single(); // cached from here on
        (before.GetProperty("pricePaise").GetInt64(), before.GetProperty("inStock").GetBoolean()).ShouldBe((4500L, true));

        var item = await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}/products/{atta.Id}");
        (await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}", EditBody(item, pricePaise: 4300))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customer.GetFromJsonAsync<JsonElement[]>(search))!.Single().GetProperty("pricePaise").GetInt64().ShouldBe(4300);

        (await shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = -10, reason = "Damaged" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customer.GetFromJsonAsync<JsonElement[]>(search))!.Single().GetProperty("inStock").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Editing_from_a_stale_version_is_409_with_the_current_values_and_changes_nothing()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, pricePaise: 4500, mrpPaise: 5000);
        var item = await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}/products/{atta.Id}");

        // The counter tablet saves first...
        (await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}", EditBody(item, pricePaise: 4700))).StatusCode.ShouldBe(HttpStatusCode.OK);

        // ...then the owner's phone, still on version 1.
        var stale = await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}", EditBody(item, pricePaise: 4200));

        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("product.changed");
        var current = problem.GetProperty("current");
        current.GetProperty("pricePaise").GetInt64().ShouldBe(4700);
        current.GetProperty("version").GetInt32().ShouldBe(2);
        var stored = await ProductFromDatabaseAsync(atta.Id);
        (stored.PricePaise, stored.Version).ShouldBe((4700L, 2));

        // Seen the other change, the phone saves on top of it.
        (await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}", EditBody(current, pricePaise: 4200))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ProductFromDatabaseAsync(atta.Id)).PricePaise.ShouldBe(4200);
    }

    [Fact]
    public async Task Two_devices_editing_from_the_same_version_at_once_have_exactly_one_winner()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, pricePaise: 4500, mrpPaise: 5000);
        var item = await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}/products/{atta.Id}");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}", EditBody(item, pricePaise: 4000 + i))));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(9);
        (await ProductFromDatabaseAsync(atta.Id)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task A_price_above_the_mrp_and_other_bad_details_are_400_naming_each_field_and_nothing_is_written()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, pricePaise: 4500, mrpPaise: 5000);
        var item = await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}/products/{atta.Id}");

        var aboveMrp = await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}", EditBody(item, pricePaise: 5100));
        aboveMrp.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await aboveMrp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("price")[0].GetString().ShouldBe("The price (₹51) may not be above the MRP (₹50).");

        var blank = await shop.Client.PostAsJsonAsync($"{Base}/products", new { name = " ", unit = "1 kg", pricePaise = -5, mrpPaise = 1000, categoryId = 99, stock = -1 });
        blank.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var fields = (await blank.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        fields.ShouldBe(["name", "price", "categoryId", "stock"], ignoreOrder: true);

        var stored = await ProductFromDatabaseAsync(atta.Id);
        (stored.PricePaise, stored.Version).ShouldBe((4500L, 1));
        (await ProductsOfAsync(shop)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Another_shops_product_is_not_found_for_every_call_and_stays_as_it_was()
    {
        var mine = await ShopAsync("Sharma Kirana");
        var theirs = await ShopAsync("Gupta General Store");
        var theirProduct = await ProductAsync(theirs, stock: 10);
        var item = await theirs.Client.GetFromJsonAsync<JsonElement>($"{Base}/products/{theirProduct.Id}");
        var path = $"{Base}/products/{theirProduct.Id}";

        (await mine.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mine.Client.PutAsJsonAsync(path, EditBody(item, pricePaise: 100))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mine.Client.PutAsJsonAsync($"{path}/active", new { active = false, version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mine.Client.PostAsJsonAsync($"{path}/adjust", new { delta = 5, reason = "Received" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await mine.Client.GetAsync($"{path}/ledger")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await mine.Client.GetFromJsonAsync<JsonElement>(Base);
        list.GetProperty("total").GetInt32().ShouldBe(0);

        var stored = await ProductFromDatabaseAsync(theirProduct.Id);
        (stored.PricePaise, stored.Stock, stored.IsActive, stored.Version).ShouldBe((4500L, 10, true, 1));
        (await LedgerRowsAsync(theirProduct.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Twenty_concurrent_plus_one_adjustments_add_twenty_with_twenty_ledger_entries()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 7);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = 1, reason = "Received" })));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        (await ProductFromDatabaseAsync(atta.Id)).Stock.ShouldBe(27);
        var ledger = await LedgerRowsAsync(atta.Id);
        ledger.Count.ShouldBe(20);
        ledger.ShouldAllBe(m => m.Delta == 1 && m.Reason == StockChangeReason.Received && m.ActorId == shop.Owner.Id);

        // Each entry saw the stock the previous one left: 8, 9, …, 27 in commit order.
        ledger.Select(m => m.StockAfter).ShouldBe(Enumerable.Range(8, 20));
    }

    [Fact]
    public async Task Taking_away_more_than_is_on_the_shelf_is_refused_and_changes_nothing()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 3);

        var response = await shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = -4, reason = "Damaged" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("delta")[0].GetString()
            .ShouldBe("Only 3 in stock: taking away 4 would leave less than nothing.");
        (await ProductFromDatabaseAsync(atta.Id)).Stock.ShouldBe(3);
        (await LedgerRowsAsync(atta.Id)).ShouldBeEmpty();

        // A reason that does not fit the sign, a zero change and an order-only reason are refused too.
        (await shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = -1, reason = "Received" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = 0, reason = "Correction" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = 2, reason = "Sale" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await shop.Client.PostAsJsonAsync($"{Base}/products/{atta.Id}/adjust", new { delta = 2, reason = "Stolen" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await LedgerRowsAsync(atta.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_ledger_lists_changes_newest_first_with_the_stock_each_left()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 10);
        await AdjustAsync(shop, atta.Id, 5, "Received", "Supplier bill 42");
        await AdjustAsync(shop, atta.Id, -2, "Damaged", "Torn bags");
        await AdjustAsync(shop, atta.Id, -1, "Correction");

        var ledger = (await shop.Client.GetFromJsonAsync<JsonElement[]>($"{Base}/products/{atta.Id}/ledger"))!;

        ledger.Select(e => (e.GetProperty("delta").GetInt32(), e.GetProperty("reason").GetString(), e.GetProperty("stockAfter").GetInt32()))
            .ShouldBe([(-1, "Correction", 12), (-2, "Damaged", 13), (5, "Received", 15)]);
        ledger[2].GetProperty("note").GetString().ShouldBe("Supplier bill 42");

        var older = await shop.Client.GetFromJsonAsync<JsonElement[]>($"{Base}/products/{atta.Id}/ledger?before={ledger[0].GetProperty("id").GetInt64()}&limit=1");
        older!.ShouldHaveSingleItem().GetProperty("reason").GetString().ShouldBe("Damaged");
    }

    [Fact]
    public async Task Crossing_the_low_stock_threshold_enqueues_one_alert_job_and_going_lower_does_not()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 8, threshold: 5);

        await AdjustAsync(shop, atta.Id, -2, "Damaged");
        (await LowStockJobsAsync(atta.Id)).ShouldBeEmpty();

        await AdjustAsync(shop, atta.Id, -1, "Damaged");
        (await LowStockJobsAsync(atta.Id)).Count.ShouldBe(1);

        await AdjustAsync(shop, atta.Id, -3, "Correction");
        (await LowStockJobsAsync(atta.Id)).Count.ShouldBe(1);

        // Restocked above the threshold and down again: a new crossing.
        await AdjustAsync(shop, atta.Id, 10, "Received");
        await AdjustAsync(shop, atta.Id, -10, "Correction");
        (await LowStockJobsAsync(atta.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_low_stock_alert_reaches_the_owners_inbox_once_a_day_per_product()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 3, threshold: 5);
        var at = DateTimeOffset.UtcNow;

        await HandleLowStockAsync(atta, at);
        await HandleLowStockAsync(atta, at.AddMinutes(30));

        await using var db = Database.NewContext();
        var messages = await db.InboxMessages.AsNoTracking().Where(m => m.UserId == shop.Owner.Id && m.Key.StartsWith("low-stock:")).ToListAsync();
        var message = messages.ShouldHaveSingleItem();
        message.Title.ShouldBe("Low stock: Aashirvaad Atta");
        message.Body.ShouldBe("Aashirvaad Atta (5 kg) is down to 3 (your alert level is 5).");
        message.Link.ShouldBe("/merchant/inventory?lowStock=true");
    }

    [Fact]
    public async Task Checkout_writes_a_sale_movement_with_the_order_and_cancelling_writes_a_return()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 7, threshold: 5);
        var customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        var client = await ClientAsync(customer);

        var orderId = await OrderRequests.PlaceCreatedAsync(client, OrderRequests.For(shop.Store, (atta, 3)));

        var sale = (await LedgerRowsAsync(atta.Id)).ShouldHaveSingleItem();
        (sale.Delta, sale.Reason, sale.StockAfter, sale.OrderId, sale.ActorId).ShouldBe((-3, StockChangeReason.Sale, 4, orderId, customer.Id));

        // The sale took the atta from 7 to 4, below its threshold of 5: the owner is alerted.
        (await LowStockJobsAsync(atta.Id)).Count.ShouldBe(1);

        (await client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var ledger = await LedgerRowsAsync(atta.Id);
        ledger.Count.ShouldBe(2);
        var returned = ledger[1];
        (returned.Delta, returned.Reason, returned.StockAfter, returned.OrderId, returned.ActorId).ShouldBe((3, StockChangeReason.Returned, 7, orderId, customer.Id));
        returned.Note.ShouldBe("Cancelled by the customer");
        (await ProductFromDatabaseAsync(atta.Id)).Stock.ShouldBe(7);
    }

    [Fact]
    public async Task An_adjustment_sent_again_with_its_idempotency_key_counts_once_and_gets_the_first_answer()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop, stock: 10);
        var key = Guid.NewGuid().ToString();

        var first = await SendAdjustAsync(shop, atta.Id, key, new { delta = 6, reason = "Received" });
        var replay = await SendAdjustAsync(shop, atta.Id, key, new { delta = 6, reason = "Received" });
        var otherBody = await SendAdjustAsync(shop, atta.Id, key, new { delta = 7, reason = "Received" });

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stock").GetInt32().ShouldBe(16);
        otherBody.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ProductFromDatabaseAsync(atta.Id)).Stock.ShouldBe(16);
        (await LedgerRowsAsync(atta.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_active_switch_carries_a_version_too()
    {
        var shop = await ShopAsync();
        var atta = await ProductAsync(shop);

        var off = await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}/active", new { active = false, version = 1 });
        off.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32().ShouldBe(2);

        var stale = await shop.Client.PutAsJsonAsync($"{Base}/products/{atta.Id}/active", new { active = true, version = 1 });
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("isActive").GetBoolean().ShouldBeFalse();
        (await ProductFromDatabaseAsync(atta.Id)).IsActive.ShouldBeFalse();
    }

    [Fact]
    public async Task The_list_searches_names_hindi_names_brands_and_barcodes_and_filters_by_category_and_low_stock()
    {
        var shop = await ShopAsync();
        await ProductAsync(shop, "Aashirvaad Atta", stock: 20);
        await ProductAsync(shop, "Tata Salt", stock: 2, threshold: 5, barcode: "8904043901015", unit: "1 kg", categoryId: 15);
        await ProductAsync(shop, "Nandini Milk", stock: 30, unit: "500 ml", categoryId: 6);

        async Task<string[]> Names(string query) =>
            [.. (await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}?{query}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

        (await Names("search=salt")).ShouldBe(["Tata Salt"]);
        (await Names("search=4043901")).ShouldBe(["Tata Salt"]);
        (await Names($"search={Uri.EscapeDataString("आटा")}")).ShouldBe(["Aashirvaad Atta", "Nandini Milk", "Tata Salt"]);
        (await Names("search=100%25")).ShouldBeEmpty();
        (await Names("categoryId=6")).ShouldBe(["Nandini Milk"]);
        (await Names("lowStock=true")).ShouldBe(["Tata Salt"]);
        var page = await shop.Client.GetFromJsonAsync<JsonElement>($"{Base}?page=2&pageSize=2");
        page.GetProperty("total").GetInt32().ShouldBe(3);
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe(["Tata Salt"]);
        (await shop.Client.GetAsync($"{Base}?pageSize=1000")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await shop.Client.GetAsync($"{Base}?categoryId=dairy")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_an_approved_merchant_may_export_the_inventory()
    {
        // The authorisation matrix skips routes that look like files (export.csv), so this row lives here.
        var shop = await ShopAsync();
        await ProductAsync(shop);
        var callers = new Dictionary<string, HttpClient>
        {
            ["customer"] = await ClientAsync(await TestAccounts.CreateAsync(App, Roles.Customer)),
            ["pending merchant"] = await ClientAsync(await TestAccounts.CreateAsync(App, Roles.Merchant, ApprovalStatus.Pending)),
            ["rider"] = await ClientAsync(await TestAccounts.CreateAsync(App, Roles.Rider)),
            ["admin"] = await ClientAsync(await TestAccounts.CreateAsync(App, Roles.Admin)),
        };

        using (var anonymous = App.CreateClient())
        {
            (await anonymous.GetAsync($"{Base}/export.csv")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        foreach (var (who, client) in callers)
        {
            (await client.GetAsync($"{Base}/export.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
        }

        var export = await shop.Client.GetAsync($"{Base}/export.csv");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        export.Content.Headers.ContentDisposition!.FileName.ShouldNotBeNull().ShouldContain("inventory-sharma-kirana-");
    }

    private static object EditBody(JsonElement item, long pricePaise) => new
    {
        name = item.GetProperty("name").GetString(),
        hindiName = item.GetProperty("hindiName").GetString(),
        brand = item.GetProperty("brand").GetString(),
        unit = item.GetProperty("unit").GetString(),
        pricePaise,
        mrpPaise = item.GetProperty("mrpPaise").GetInt64(),
        categoryId = item.GetProperty("categoryId").GetInt32(),
        barcode = item.GetProperty("barcode").GetString(),
        lowStockThreshold = item.GetProperty("lowStockThreshold").GetInt32(),
        version = item.GetProperty("version").GetInt32(),
    };

    private static async Task AdjustAsync(Shop shop, Guid productId, int delta, string reason, string? note = null)
    {
        var response = await shop.Client.PostAsJsonAsync($"{Base}/products/{productId}/adjust", new { delta, reason, note });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SendAdjustAsync(Shop shop, Guid productId, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/products/{productId}/adjust") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await shop.Client.SendAsync(request);
    }

    private async Task HandleLowStockAsync(Product product, DateTimeOffset at)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().OfType<LowStockHandler>().Single();
        var payload = JsonSerializer.Serialize(new LowStockReached(product.Id, product.StoreId, 3, 5, at), JsonSerializerOptions.Web);
        await handler.HandleAsync(new JobContext(Guid.NewGuid(), LowStockHandler.JobType, $"test:{Guid.NewGuid():N}", payload, 1), CancellationToken.None);
    }
}
