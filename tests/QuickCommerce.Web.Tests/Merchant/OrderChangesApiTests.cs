using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// POST /api/v1/orders/{id}/changes and the customer's /approve and /decline on the real database:
/// stock given back and taken, the customer's deadline and its default, and the races between them.
/// </summary>
public sealed class OrderChangesApiTests : OrderChangesTest
{
    [Fact]
    public async Task Proposing_changes_gives_dropped_stock_back_at_once_reserves_the_substitute_and_asks_the_customer()
    {
        var id = await PlaceAsync("proceed", (Milk, 2), (Atta, 1), (Bread, 3));
        var lines = await LineIdsAsync(id);
        (await StockAsync(Milk), await StockAsync(Atta), await StockAsync(Bread), await StockAsync(ChakkiAtta)).ShouldBe((98, 99, 97, 100));
        var before = DateTimeOffset.UtcNow;

        using var response = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Milk.Id], qty = 0 }, new { lineId = lines[Bread.Id], qty = 1 } },
            substitutes = new[] { new { lineId = lines[Atta.Id], productId = ChakkiAtta.Id, qty = 2 } },
            note = "No Amul today.",
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var view = await JsonOf(response);
        view.GetProperty("status").GetString().ShouldBe("AwaitingCustomer");
        view.GetProperty("subtotalPaise").GetInt64().ShouldBe(4000 + 10400);
        view.GetProperty("totalPaise").GetInt64().ShouldBe(4000 + 10400 + 1500);
        view.GetProperty("originalTotalPaise").GetInt64().ShouldBe(6000 + 4500 + 12000 + 1500);
        var substitute = view.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("substituteForLineId").ValueKind == JsonValueKind.Number);
        (substitute.GetProperty("productId").GetGuid(), substitute.GetProperty("substituteForLineId").GetInt64(), substitute.GetProperty("unitPricePaise").GetInt64())
            .ShouldBe((ChakkiAtta.Id, lines[Atta.Id], 5200L));

        // Milk and atta fully back, bread 2 of 3 back; the substitute's 2 off the shelf.
        (await StockAsync(Milk), await StockAsync(Atta), await StockAsync(Bread), await StockAsync(ChakkiAtta)).ShouldBe((100, 100, 99, 98));

        var order = await OrderAsync(id);
        order.ChangesDeadline!.Value.ShouldBeInRange(before.AddMinutes(3).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(3).AddSeconds(5));
        Last(order).Reason.ShouldBe("No Amul today.");
        order.AcknowledgedAt.ShouldNotBeNull("answering the order silences its new-order alert");
        var jobs = await JobsOfAsync(id);
        jobs.ShouldContain(j => j.Key.StartsWith($"order.status:{id}:AwaitingCustomer:", StringComparison.Ordinal));
        var timeout = jobs.Single(j => j.Type == OrderChangesTimeoutHandler.JobType);
        timeout.Key.ShouldBe($"order.changes-timeout:{id}");
        timeout.RunAfter.ShouldBe(order.ChangesDeadline.Value, TimeSpan.FromMilliseconds(1));

        // The customer's own view of the order carries the changes line by line.
        var details = await Customer.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        details.GetProperty("order").GetProperty("status").GetString().ShouldBe("AwaitingCustomer");
        details.GetProperty("changes").GetProperty("lines").GetArrayLength().ShouldBe(4);
        details.GetProperty("changes").GetProperty("ifUnavailable").GetString().ShouldBe("proceed");
    }

    [Fact]
    public async Task The_merchant_reads_the_order_line_by_line_with_the_ids_changes_name()
    {
        var id = await PlaceAsync("proceed", (Milk, 4));

        var view = await Shop.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}/changes");

        var line = view.GetProperty("lines").EnumerateArray().ShouldHaveSingleItem();
        line.GetProperty("lineId").GetInt64().ShouldBe((await LineIdsAsync(id))[Milk.Id]);
        (line.GetProperty("quantity").GetInt32(), line.GetProperty("originalQuantity").GetInt32()).ShouldBe((4, 4));
        (await OtherShop.GetAsync($"/api/v1/orders/{id}/changes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_customer_is_told_live_and_in_the_inbox_to_approve_within_three_minutes()
    {
        var id = await AwaitingCustomerAsync("proceed");

        await RunDueJobsAsync();

        await using var db = Database.NewContext();
        var note = await db.InboxMessages.AsNoTracking().SingleAsync(m => m.UserId == CustomerAccount.Id && m.Key == $"order.status:{id}:AwaitingCustomer");
        note.Title.ShouldBe("The shop changed your order");
        note.Body.ShouldBe("Sri Balaji Kirana changed your order — approve within 3 minutes.");
        note.Link.ShouldBe($"/orders/{id}");
        (await JobsOfAsync(id)).Single(j => j.Type == OrderChangesTimeoutHandler.JobType).Status.ShouldBe(JobStatus.Pending, "not due for 3 minutes");
    }

    [Fact]
    public async Task A_change_may_leave_the_order_below_the_shops_minimum_since_the_shop_caused_it()
    {
        var id = await PlaceAsync("proceed", (Bread, 3));
        var lines = await LineIdsAsync(id);

        using var response = await ProposeAsync(id, new { lines = new[] { new { lineId = lines[Bread.Id], qty = 1 } } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonOf(response)).GetProperty("subtotalPaise").GetInt64().ShouldBe(4000); // below the ₹99 minimum
    }

    [Fact]
    public async Task Approving_accepts_the_changed_order_and_its_stock_stays_reserved()
    {
        var id = await AwaitingCustomerAsync("cancel");
        var stocks = (await StockAsync(Milk), await StockAsync(Bread));

        using var approved = await Customer.PostAsync($"/api/v1/orders/{id}/changes/approve", null);

        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonOf(approved)).GetProperty("status").GetString().ShouldBe("Accepted");
        var order = await OrderAsync(id);
        order.Status.ShouldBe(OrderStatus.Accepted);
        order.ChangesDeadline.ShouldBeNull();
        (Last(order).ActorRole, Last(order).ActorId).ShouldBe((ActorRole.Customer, (Guid?)CustomerAccount.Id));
        (await StockAsync(Milk), await StockAsync(Bread)).ShouldBe(stocks);
        (await JobsOfAsync(id)).ShouldContain(j => j.Key.StartsWith($"order.status:{id}:Accepted:", StringComparison.Ordinal));

        using var again = await Customer.PostAsync($"/api/v1/orders/{id}/changes/approve", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(again)).GetProperty("title").GetString().ShouldBe("This order is accepted now; no changes wait for an answer.");

        // The timeout arriving afterwards changes nothing.
        await ExpireDeadlineAsync(id);
        await RunTimeoutAsync(id);
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.Accepted);
    }

    [Fact]
    public async Task Declining_cancels_the_order_and_puts_everything_it_still_holds_back()
    {
        var id = await PlaceAsync("proceed", (Milk, 2), (Atta, 1), (Bread, 3));
        var lines = await LineIdsAsync(id);
        using (var proposed = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Bread.Id], qty = 2 } },
            substitutes = new[] { new { lineId = lines[Atta.Id], productId = ChakkiAtta.Id, qty = 1 } },
        }))
        {
            proposed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var declined = await Customer.PostAsync($"/api/v1/orders/{id}/changes/decline", null);

        declined.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await JsonOf(declined)).GetProperty("status").GetString().ShouldBe("Cancelled");
        (await StockAsync(Milk), await StockAsync(Atta), await StockAsync(Bread), await StockAsync(ChakkiAtta)).ShouldBe((100, 100, 100, 100));
        var order = await OrderAsync(id);
        (order.Status, Last(order).ActorRole, Last(order).Reason).ShouldBe((OrderStatus.Cancelled, ActorRole.Customer, "Declined the shop's changes"));
    }

    [Fact]
    public async Task Without_an_answer_the_timeout_goes_ahead_for_a_customer_who_chose_proceed()
    {
        var id = await AwaitingCustomerAsync("proceed");
        var bread = await StockAsync(Bread);

        // Not before the deadline: the job fails, so the worker tries again later.
        await Should.ThrowAsync<InvalidOperationException>(() => RunTimeoutAsync(id));
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.AwaitingCustomer);

        await ExpireDeadlineAsync(id);
        await RunDueJobsAsync();

        var order = await OrderAsync(id);
        (order.Status, Last(order).ActorRole).ShouldBe((OrderStatus.Accepted, ActorRole.System));
        (await JobsOfAsync(id)).Single(j => j.Type == OrderChangesTimeoutHandler.JobType).Status.ShouldBe(JobStatus.Succeeded);
        (await StockAsync(Bread)).ShouldBe(bread);
        await using var db = Database.NewContext();
        (await db.InboxMessages.AsNoTracking().SingleAsync(m => m.Key == $"order.status:{id}:Accepted")).Title.ShouldBe("Order accepted with changes");
    }

    [Fact]
    public async Task Without_an_answer_the_timeout_cancels_for_a_customer_who_chose_cancel_and_the_stock_goes_back()
    {
        var id = await AwaitingCustomerAsync("cancel");
        (await StockAsync(Bread)).ShouldBe(97);

        await ExpireDeadlineAsync(id);
        await RunTimeoutAsync(id);
        await RunTimeoutAsync(id); // at least once: a second run finds nothing to do

        var order = await OrderAsync(id);
        (order.Status, Last(order).ActorRole).ShouldBe((OrderStatus.Cancelled, ActorRole.System));
        order.Events.Count(e => e.ToStatus == OrderStatus.Cancelled).ShouldBe(1);
        (await StockAsync(Milk), await StockAsync(Bread)).ShouldBe((100, 100));
        using var late = await Customer.PostAsync($"/api/v1/orders/{id}/changes/approve", null);
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(late)).GetProperty("title").GetString().ShouldBe("This order is cancelled now; no changes wait for an answer.");
    }

    [Fact]
    public async Task The_customer_answering_as_the_deadline_passes_fifty_times_has_exactly_one_outcome_each_time_and_stock_adds_up()
    {
        const int Tries = 50;
        var approvedWins = 0;
        for (var i = 0; i < Tries; i++)
        {
            var id = await PlaceAsync("cancel", (Milk, 2), (Atta, 1));
            var lines = await LineIdsAsync(id);
            using (var proposed = await ProposeAsync(id, new { lines = new[] { new { lineId = lines[Milk.Id], qty = 0 } } }))
            {
                proposed.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            await ExpireDeadlineAsync(id);

            var approve = Customer.PostAsync($"/api/v1/orders/{id}/changes/approve", null);
            var timeout = RunTimeoutAsync(id);
            await Task.WhenAll(approve, timeout);
            using var answer = await approve;

            var order = await OrderAsync(id);
            order.Events.Count(e => e.FromStatus == OrderStatus.AwaitingCustomer).ShouldBe(1, $"try {i}");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                order.Status.ShouldBe(OrderStatus.Accepted, $"try {i}");
                Last(order).ActorRole.ShouldBe(ActorRole.Customer);
                approvedWins++;
            }
            else
            {
                answer.StatusCode.ShouldBe(HttpStatusCode.Conflict, $"try {i}");
                (await JsonOf(answer)).GetProperty("title").GetString()!.ShouldContain("cancelled");
                (order.Status, Last(order).ActorRole).ShouldBe((OrderStatus.Cancelled, ActorRole.System), $"try {i}");
            }
        }

        // Milk went back when proposed; the atta is held only by the approved orders.
        (await StockAsync(Milk)).ShouldBe(100);
        (await StockAsync(Atta)).ShouldBe(100 - approvedWins);
    }

    [Fact]
    public async Task Two_devices_proposing_and_accepting_at_once_twenty_times_have_exactly_one_winner_and_stock_adds_up()
    {
        var proposals = 0;
        for (var i = 0; i < 20; i++)
        {
            var id = await PlaceAsync("proceed", (Milk, 2), (Bread, 1));
            var lines = await LineIdsAsync(id);
            var propose = ProposeAsync(id, new { lines = new[] { new { lineId = lines[Milk.Id], qty = 0 } } });
            var accept = Shop.PostAsync($"/api/v1/orders/{id}/accept", null);
            await Task.WhenAll(propose, accept);
            using var proposed = await propose;
            using var accepted = await accept;

            var winners = new[] { proposed.StatusCode == HttpStatusCode.OK, accepted.IsSuccessStatusCode }.Count(won => won);
            winners.ShouldBe(1, $"try {i}: propose {proposed.StatusCode}, accept {accepted.StatusCode}");
            var order = await OrderAsync(id);
            if (proposed.StatusCode == HttpStatusCode.OK)
            {
                order.Status.ShouldBe(OrderStatus.AwaitingCustomer);

                // Whether the accept lost the version race or started after the changes were in, it is
                // the same conflict: the order waits for its customer, whom no merchant may answer for.
                accepted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
                (await JsonOf(accepted)).GetProperty("title").GetString().ShouldBe("This order is waiting for the customer to approve your changes.");
                proposals++;
            }
            else
            {
                order.Status.ShouldBe(OrderStatus.Accepted);
                proposed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
                (await JsonOf(proposed)).GetProperty("title").GetString()!.ShouldContain("accepted");
            }
        }

        // Each order holds a bread; only accepted ones still hold their two milks.
        (await StockAsync(Bread)).ShouldBe(80);
        (await StockAsync(Milk)).ShouldBe(100 - (2 * (20 - proposals)));
    }

    [Fact]
    public async Task A_substitute_short_of_stock_is_a_conflict_naming_it_and_what_is_left_and_nothing_changes()
    {
        var id = await PlaceAsync("proceed", (Milk, 3), (Bread, 1));
        var lines = await LineIdsAsync(id);
        var jobsBefore = (await JobsOfAsync(id)).Count;

        using var response = await ProposeAsync(id, new
        {
            lines = new[] { new { lineId = lines[Bread.Id], qty = 0 } },
            substitutes = new[] { new { lineId = lines[Milk.Id], productId = NandiniMilk.Id, qty = 3 } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(response)).GetProperty("title").GetString()
            .ShouldBe("Only 2 of Nandini Toned Milk (5 kg) left on the shelf; the substitute needs 3. Nothing was changed.");
        var order = await OrderAsync(id);
        order.Status.ShouldBe(OrderStatus.Placed);
        order.Lines.Select(l => (l.ProductId, l.Quantity)).ShouldBe([(Milk.Id, 3), (Bread.Id, 1)], ignoreOrder: true);
        order.TotalPaise.ShouldBe(9000 + 4000 + 1500);
        (await StockAsync(Milk), await StockAsync(Bread), await StockAsync(NandiniMilk)).ShouldBe((97, 99, 2));
        (await JobsOfAsync(id)).Count.ShouldBe(jobsBefore);
    }

    [Fact]
    public async Task Another_merchant_gets_not_found_and_another_shops_product_is_no_substitute()
    {
        var id = await PlaceAsync("proceed", (Atta, 2), (Bread, 1));
        var lines = await LineIdsAsync(id);

        using var stranger = await ProposeAsync(id, new { lines = new[] { new { lineId = lines[Atta.Id], qty = 0 } } }, OtherShop);
        using var foreign = await ProposeAsync(id, new { substitutes = new[] { new { lineId = lines[Atta.Id], productId = OtherShopsAtta.Id, qty = 1 } } });

        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreign.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErrorFor(await JsonOf(foreign), "substitutes[0].productId").ShouldBe($"Sri Balaji Kirana does not sell product {OtherShopsAtta.Id}: offer one of your own shop's products.");
        (await OrderAsync(id)).Status.ShouldBe(OrderStatus.Placed);
        (await StockAsync(OtherShopsAtta)).ShouldBe(100);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "{}", "lines", "Say what changes" },
        { """{"lines":[{"qty":1}]}""", "lines[0].lineId", "names a line" },
        { """{"lines":[{"lineId":LINE}]}""", "lines[0].qty", "new quantity" },
        { """{"lines":[{"lineId":LINE,"qty":5}]}""", "lines[0].qty", "never more: the customer asked for 4" },
        { """{"lines":[{"lineId":LINE,"qty":-1}]}""", "lines[0].qty", "cannot be negative" },
        { """{"lines":[{"lineId":LINE,"qty":4}]}""", "lines", "Nothing would change" },
        { """{"lines":[{"lineId":LINE,"qty":0}]}""", "lines", "reject the order instead" },
        { """{"lines":[{"lineId":999999,"qty":0}]}""", "lines[0].lineId", "no line 999999" },
        { """{"substitutes":[{"lineId":LINE,"qty":1}]}""", "substitutes[0].productId", "Name the product" },
        { """{"substitutes":[{"lineId":LINE,"productId":"NANDINI","qty":0}]}""", "substitutes[0].qty", "between 1 and 50" },
        { """{"substitutes":[{"lineId":LINE,"productId":"MILK","qty":1}]}""", "substitutes[0].productId", "lower its quantity instead" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Malformed_changes_are_a_bad_request_naming_the_field_and_change_nothing(string body, string field, string phrase)
    {
        var id = await PlaceAsync("proceed", (Milk, 4));
        var line = (await LineIdsAsync(id))[Milk.Id];
        var json = body.Replace("LINE", line.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("NANDINI", NandiniMilk.Id.ToString(), StringComparison.Ordinal)
            .Replace("MILK", Milk.Id.ToString(), StringComparison.Ordinal);

        using var response = await Shop.PostAsync($"/api/v1/orders/{id}/changes", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ErrorFor(await JsonOf(response), field).ShouldContain(phrase);
        var order = await OrderAsync(id);
        (order.Status, order.Lines.Single().Quantity, order.Version).ShouldBe((OrderStatus.Placed, 4, 0));
        (await StockAsync(Milk)).ShouldBe(96);
    }

    [Fact]
    public async Task Changing_an_order_that_moved_on_is_a_conflict_saying_what_it_is_now()
    {
        var id = await PlaceAsync("proceed", (Milk, 2), (Bread, 1));
        var lines = await LineIdsAsync(id);
        (await Shop.PostAsync($"/api/v1/orders/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var response = await ProposeAsync(id, new { lines = new[] { new { lineId = lines[Milk.Id], qty = 0 } } });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(response)).GetProperty("title").GetString().ShouldBe("This order is accepted now; only a new order can be changed.");
        (await StockAsync(Milk)).ShouldBe(98);
    }

    [Fact]
    public async Task Only_the_orders_customer_answers_and_only_while_changes_wait()
    {
        var placed = await PlaceAsync("proceed", (Milk, 4));
        var waiting = await AwaitingCustomerAsync("proceed");

        using var early = await Customer.PostAsync($"/api/v1/orders/{placed}/changes/approve", null);
        using var stranger = await OtherCustomer.PostAsync($"/api/v1/orders/{waiting}/changes/decline", null);

        early.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(early)).GetProperty("title").GetString().ShouldBe("This order is placed now; no changes wait for an answer.");
        stranger.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await OrderAsync(waiting)).Status.ShouldBe(OrderStatus.AwaitingCustomer);
    }

    private static OrderEvent Last(Order order) => order.Events.OrderBy(e => e.Id).Last();

    private static string ErrorFor(JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
}
