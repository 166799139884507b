using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Tests.Orders;
using static QuickCommerce.Web.Tests.Delivery.RiderSeeds;

namespace QuickCommerce.Web.Tests.Delivery;

/// <summary>
/// The merchant's side of rider assignment on the real database: candidates, assign, unassign and
/// offers, and the race of two shops for one rider.
/// </summary>
public sealed class RiderAssignmentApiTests : AppTest, IDisposable
{
    private ApplicationUser _customer = null!;
    private HttpClient _customerClient = null!;
    private Store _shopA = null!;
    private Product _attaA = null!;
    private HttpClient _merchantA = null!;
    private Store _shopB = null!;
    private Product _attaB = null!;
    private HttpClient _merchantB = null!;

    public void Dispose()
    {
        _customerClient.Dispose();
        _merchantA.Dispose();
        _merchantB.Dispose();
    }

    protected override void Configure(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Settings["Delivery:RiderAssignment:OfferBatchSize"] = "3";
    }

    protected override async Task StartedAsync()
    {
        var merchantA = await TestAccounts.CreateAsync(App, Roles.Merchant);
        var merchantB = await TestAccounts.CreateAsync(App, Roles.Merchant);
        (_shopA, _attaA) = await ShopAsync(Database, merchantA.Id, "Sri Balaji Kirana");

        // Shop B is 1 km north of shop A: a rider between them is near both.
        (_shopB, _attaB) = await ShopAsync(Database, merchantB.Id, "Lakshmi Stores", metresNorth: 1000);
        _merchantA = await TestAccounts.ClientForAsync(App, merchantA);
        _merchantB = await TestAccounts.ClientForAsync(App, merchantB);
        _customer = await TestAccounts.CreateAsync(App, Roles.Customer);
        _customerClient = await TestAccounts.ClientForAsync(App, _customer);
    }

    [Fact]
    public async Task Candidates_list_own_riders_first_then_nearby_available_riders_by_distance_and_leave_out_the_rest()
    {
        var ownWithoutPosition = await RiderAsync(App, metresNorth: null);
        var ownFarAway = await RiderAsync(App, metresNorth: 2000, available: false);
        var ownSuspended = await RiderAsync(App, metresNorth: 100, approval: ApprovalStatus.Suspended);
        var near = await RiderAsync(App, metresNorth: 300);
        var middle = await RiderAsync(App, metresNorth: 800, vehicle: "Bicycle");
        var edge = await RiderAsync(App, metresNorth: 4500);
        var tooFar = await RiderAsync(App, metresNorth: 7000);
        var offShift = await RiderAsync(App, metresNorth: 200, available: false);
        var pending = await RiderAsync(App, metresNorth: 150, approval: ApprovalStatus.Pending);
        var silent = await RiderAsync(App, metresNorth: 250, age: TimeSpan.FromHours(1));
        var busy = await RiderAsync(App, metresNorth: 100);
        foreach (var own in new[] { ownWithoutPosition, ownFarAway, ownSuspended })
        {
            await OwnRiderAsync(Database, _shopA, own.Id);
        }

        await AssignedOrderAsync(Database, _shopB, _attaB, _customer.Id, busy.Id);
        var orderId = await PackedOrderAsync(Database, _shopA, _attaA, _customer.Id);

        var candidates = (await _merchantA.GetFromJsonAsync<JsonElement[]>($"/api/v1/orders/{orderId}/rider-candidates"))!;

        candidates.Select(c => c.GetProperty("riderId").GetGuid())
            .ShouldBe([ownFarAway.Id, ownWithoutPosition.Id, near.Id, middle.Id, edge.Id]);
        candidates.Select(c => c.GetProperty("own").GetBoolean()).ShouldBe([true, true, false, false, false]);
        var distances = candidates.Select(c => c.GetProperty("distanceMetres")).ToList();
        // Metres on the ground: a degree of latitude at Bengaluru is ~0.7 % shorter than the offsets assume.
        distances[0].GetInt32().ShouldBeInRange(1970, 2010);
        distances[1].ValueKind.ShouldBe(JsonValueKind.Null);
        distances[2].GetInt32().ShouldBeInRange(295, 302);
        distances[3].GetInt32().ShouldBeInRange(790, 802);
        distances[4].GetInt32().ShouldBeInRange(4440, 4510);

        var second = candidates[3];
        second.GetProperty("name").GetString().ShouldBe(middle.FullName);
        second.GetProperty("vehicle").GetString().ShouldBe("Bicycle");
        second.GetProperty("phone").GetString().ShouldBe(new string('•', middle.PhoneNumber!.Length - 4) + middle.PhoneNumber[^4..]);
        second.GetProperty("lastSeen").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        candidates[0].GetProperty("available").GetBoolean().ShouldBeFalse();
        candidates[1].GetProperty("lastSeen").ValueKind.ShouldBe(JsonValueKind.Null);
        new[] { ownSuspended.Id, tooFar.Id, offShift.Id, pending.Id, silent.Id, busy.Id }
            .ShouldAllBe(id => candidates.All(c => c.GetProperty("riderId").GetGuid() != id));
    }

    [Fact]
    public async Task Assigning_a_packed_order_moves_it_tells_the_rider_and_the_customer_and_withdraws_open_offers()
    {
        var rider = await RiderAsync(App, metresNorth: 300);
        var offered = await RiderAsync(App, metresNorth: 500);
        var orderId = await PlaceAndPackAsync();
        (await _merchantA.PostAsync($"/api/v1/orders/{orderId}/offer", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/assign", new { riderId = rider.Id });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("RiderAssigned");
        body.GetProperty("riderId").GetGuid().ShouldBe(rider.Id);
        body.GetProperty("riderName").GetString().ShouldBe(rider.FullName);
        var order = await OrderAsync(Database, orderId);
        order.Status.ShouldBe(OrderStatus.RiderAssigned);
        order.RiderId.ShouldBe(rider.Id);
        body.GetProperty("version").GetInt32().ShouldBe(order.Version);
        order.Events[^1].ActorRole.ShouldBe(ActorRole.Merchant);

        await using (var db = Database.NewContext())
        {
            (await db.RiderOffers.Where(o => o.OrderId == orderId).Select(o => o.Status).ToListAsync())
                .ShouldAllBe(s => s == RiderOfferStatus.Withdrawn);
        }

        await SucceededJobsAsync(Database, $"order.status:{orderId}:RiderAssigned");
        await SucceededJobsAsync(Database, $"rider.notice:assigned:{orderId}");
        await SucceededJobsAsync(Database, $"rider.notice:offer:{orderId}");

        // Both were offered the order first; the one the shop picked also hears it is theirs.
        (await InboxTitlesAsync(Database, rider.Id)).ShouldBe(["Delivery offer", "New delivery"], ignoreOrder: true);
        (await InboxTitlesAsync(Database, offered.Id)).ShouldBe(["Delivery offer"]);
        (await InboxTitlesAsync(Database, _customer.Id)).ShouldContain("Rider assigned");
        var details = await _customerClient.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{orderId}");
        details.GetProperty("order").GetProperty("status").GetString().ShouldBe("RiderAssigned");
    }

    [Fact]
    public async Task Two_shops_assigning_the_same_rider_at_once_fifty_times_have_exactly_one_winner_each_time()
    {
        // Between the shops: 500 m from each.
        var rider = await RiderAsync(App, metresNorth: 500);
        var winsA = 0;
        for (var round = 0; round < 50; round++)
        {
            var orderA = await PackedOrderAsync(Database, _shopA, _attaA, _customer.Id);
            var orderB = await PackedOrderAsync(Database, _shopB, _attaB, _customer.Id);

            var answers = await Task.WhenAll(
                _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderA}/assign", new { riderId = rider.Id }),
                _merchantB.PostAsJsonAsync($"/api/v1/orders/{orderB}/assign", new { riderId = rider.Id }));

            answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1, $"round {round}");
            var loser = answers.Single(a => a.StatusCode != HttpStatusCode.OK);
            loser.StatusCode.ShouldBe(HttpStatusCode.Conflict, $"round {round}");
            (await ProblemTitleAsync(loser)).ShouldBe($"{rider.FullName} is already on another delivery. Choose another rider.");

            var aWon = answers[0].StatusCode == HttpStatusCode.OK;
            var (winner, other) = aWon ? (orderA, orderB) : (orderB, orderA);
            (await OrderAsync(Database, winner)).RiderId.ShouldBe(rider.Id);
            var lost = await OrderAsync(Database, other);
            lost.Status.ShouldBe(OrderStatus.Packed);
            lost.RiderId.ShouldBeNull();
            await using (var db = Database.NewContext())
            {
                (await db.Orders.CountAsync(o => o.RiderId == rider.Id && o.Status == OrderStatus.RiderAssigned)).ShouldBe(1, $"round {round}");
            }

            // The rider drops out of the winning order, so the next round starts with them free again.
            var winnerClient = aWon ? _merchantA : _merchantB;
            (await winnerClient.PostAsJsonAsync($"/api/v1/orders/{winner}/unassign", new { reason = "Next round" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            winsA += aWon ? 1 : 0;
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }

        await using var check = Database.NewContext();
        (await check.Orders.CountAsync(o => o.RiderId == rider.Id)).ShouldBe(0);
        winsA.ShouldBeInRange(0, 50);
    }

    [Fact]
    public async Task Assigning_an_order_that_is_not_packed_is_a_conflict_that_says_what_it_is()
    {
        var rider = await RiderAsync(App, metresNorth: 300);
        var placed = await PlaceAsync();
        (await _merchantA.PostAsync($"/api/v1/orders/{placed}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var response = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{placed}/assign", new { riderId = rider.Id });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemTitleAsync(response)).ShouldBe("This order is accepted, so it cannot be given to a rider now.");
        (await OrderAsync(Database, placed)).Status.ShouldBe(OrderStatus.Accepted);

        var packed = await PackedOrderAsync(Database, _shopA, _attaA, _customer.Id);
        (await _merchantA.PostAsJsonAsync($"/api/v1/orders/{packed}/assign", new { riderId = rider.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var again = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{packed}/assign", new { riderId = rider.Id });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemTitleAsync(again)).ShouldBe("This order is assigned to a rider, so it cannot be given to a rider now.");
    }

    [Fact]
    public async Task Another_shops_order_is_not_found_for_every_rider_call()
    {
        var rider = await RiderAsync(App, metresNorth: 300);
        var orderId = await PackedOrderAsync(Database, _shopA, _attaA, _customer.Id);

        (await _merchantB.GetAsync($"/api/v1/orders/{orderId}/rider-candidates")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _merchantB.PostAsJsonAsync($"/api/v1/orders/{orderId}/assign", new { riderId = rider.Id })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _merchantB.PostAsync($"/api/v1/orders/{orderId}/offer", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _merchantB.PostAsJsonAsync($"/api/v1/orders/{orderId}/unassign", new { reason = "Mine now" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _merchantB.PostAsJsonAsync($"/api/v1/orders/{Guid.NewGuid()}/assign", new { riderId = rider.Id })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var order = await OrderAsync(Database, orderId);
        order.Status.ShouldBe(OrderStatus.Packed);
        order.RiderId.ShouldBeNull();
        await using var db = Database.NewContext();
        (await db.RiderOffers.CountAsync(o => o.OrderId == orderId)).ShouldBe(0);
    }

    [Fact]
    public async Task Bad_input_and_riders_who_are_not_candidates_are_refused_naming_the_field_or_the_reason()
    {
        var orderId = await PackedOrderAsync(Database, _shopA, _attaA, _customer.Id);
        var customerAccount = await TestAccounts.CreateAsync(App, Roles.Customer);
        var far = await RiderAsync(App, metresNorth: 9000);
        var busy = await RiderAsync(App, metresNorth: 300);
        var suspendedOwn = await RiderAsync(App, metresNorth: 300, approval: ApprovalStatus.Suspended);
        await OwnRiderAsync(Database, _shopA, suspendedOwn.Id);
        await AssignedOrderAsync(Database, _shopB, _attaB, _customer.Id, busy.Id);
        var path = $"/api/v1/orders/{orderId}/assign";

        foreach (var body in new object[] { new { }, new { riderId = "" }, new { riderId = "not-a-guid" }, new { riderId = Guid.Empty.ToString() } })
        {
            using var invalid = await _merchantA.PostAsJsonAsync(path, body);
            invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorForAsync(invalid, "riderId")).ShouldNotBeNullOrWhiteSpace();
        }

        using (var noBody = await _merchantA.PostAsync(path, JsonContent.Create<object?>(null)))
        {
            noBody.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        using (var notARider = await _merchantA.PostAsJsonAsync(path, new { riderId = customerAccount.Id }))
        {
            notARider.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorForAsync(notARider, "riderId")).ShouldBe("There is no rider with this id.");
        }

        using (var negativeVersion = await _merchantA.PostAsJsonAsync(path, new { riderId = far.Id, version = -1 }))
        {
            (await ErrorForAsync(negativeVersion, "version")).ShouldNotBeNullOrWhiteSpace();
        }

        using (var farAway = await _merchantA.PostAsJsonAsync(path, new { riderId = far.Id }))
        {
            farAway.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await ProblemTitleAsync(farAway)).ShouldBe($"{far.FullName} is no longer available near your shop. Choose another rider.");
        }

        using (var onAnother = await _merchantA.PostAsJsonAsync(path, new { riderId = busy.Id }))
        {
            onAnother.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await ProblemTitleAsync(onAnother)).ShouldContain("already on another delivery");
        }

        using (var suspended = await _merchantA.PostAsJsonAsync(path, new { riderId = suspendedOwn.Id }))
        {
            suspended.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await ProblemTitleAsync(suspended)).ShouldContain("not active");
        }

        var order = await OrderAsync(Database, orderId);
        using (var stale = await _merchantA.PostAsJsonAsync(path, new { riderId = far.Id, version = order.Version + 1 }))
        {
            stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await ProblemTitleAsync(stale)).ShouldContain("changed since you opened it");
        }

        (await OrderAsync(Database, orderId)).Status.ShouldBe(OrderStatus.Packed);
    }

    [Fact]
    public async Task Unassigning_puts_the_order_back_to_packed_tells_the_rider_and_it_can_be_assigned_again()
    {
        var first = await RiderAsync(App, metresNorth: 300);
        var second = await RiderAsync(App, metresNorth: 600);
        var orderId = await PlaceAndPackAsync();
        (await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/assign", new { riderId = first.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var noReason = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/unassign", new { reason = " " }))
        {
            noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorForAsync(noReason, "reason")).ShouldContain("why");
        }

        using (var tooLong = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/unassign", new { reason = new string('x', 301) }))
        {
            tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await ErrorForAsync(tooLong, "reason")).ShouldNotBeNullOrWhiteSpace();
        }

        using var unassigned = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/unassign", new { reason = "Rider's bike broke down" });

        unassigned.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await unassigned.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().ShouldBe("Packed");
        body.GetProperty("riderId").ValueKind.ShouldBe(JsonValueKind.Null);
        var order = await OrderAsync(Database, orderId);
        order.Status.ShouldBe(OrderStatus.Packed);
        order.RiderId.ShouldBeNull();
        order.Events[^1].Reason.ShouldBe("Rider's bike broke down");

        using (var twice = await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/unassign", new { reason = "Again" }))
        {
            twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await ProblemTitleAsync(twice)).ShouldBe("This order is packed, so there is no rider to take it back from.");
        }

        // Re-assign: another rider, then (after a second drop-out) the first one again. Each status comes
        // round more than once, and the follow-up jobs must still commit.
        (await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/assign", new { riderId = second.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/unassign", new { reason = "Second rider called in sick" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _merchantA.PostAsJsonAsync($"/api/v1/orders/{orderId}/assign", new { riderId = first.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);

        order = await OrderAsync(Database, orderId);
        order.Status.ShouldBe(OrderStatus.RiderAssigned);
        order.RiderId.ShouldBe(first.Id);
        order.Events.Select(e => e.ToStatus).ShouldBe([
            OrderStatus.Placed, OrderStatus.Accepted, OrderStatus.Packed,
            OrderStatus.RiderAssigned, OrderStatus.Packed, OrderStatus.RiderAssigned, OrderStatus.Packed, OrderStatus.RiderAssigned,
        ]);
        (await SucceededJobsAsync(Database, $"order.status:{orderId}:RiderAssigned", atLeast: 3)).Count.ShouldBe(3);
        await SucceededJobsAsync(Database, $"rider.notice:unassigned:{orderId}", atLeast: 2);
        await SucceededJobsAsync(Database, $"rider.notice:assigned:{orderId}", atLeast: 3);
        // One of each per order and rider (the first rider's second "new delivery" is the same note); jobs may run in either order.
        (await InboxTitlesAsync(Database, first.Id)).ShouldBe(["New delivery", "Delivery taken back"], ignoreOrder: true);
        (await InboxTitlesAsync(Database, second.Id)).ShouldBe(["New delivery", "Delivery taken back"], ignoreOrder: true);
    }

    [Fact]
    public async Task Offering_reaches_the_nearest_available_riders_once_each_and_then_only_new_ones()
    {
        var riders = new List<(int Metres, Guid Id)>();
        foreach (var metres in new[] { 500, 100, 400, 200, 300 })
        {
            riders.Add((metres, (await RiderAsync(App, metresNorth: metres)).Id));
        }

        var nearestFirst = riders.OrderBy(r => r.Metres).Select(r => r.Id).ToList();
        await RiderAsync(App, metresNorth: 150, available: false);
        await RiderAsync(App, metresNorth: 8000);
        var orderId = await PackedOrderAsync(Database, _shopA, _attaA, _customer.Id);

        var first = await OfferAsync(orderId);
        first.GetProperty("offered").EnumerateArray().Select(o => o.GetProperty("riderId").GetGuid()).ShouldBe(nearestFirst.Take(3));
        first.GetProperty("offeredBefore").GetInt32().ShouldBe(0);

        var second = await OfferAsync(orderId);
        second.GetProperty("offered").EnumerateArray().Select(o => o.GetProperty("riderId").GetGuid()).ShouldBe(nearestFirst.Skip(3));
        second.GetProperty("offeredBefore").GetInt32().ShouldBe(3);

        var third = await OfferAsync(orderId);
        third.GetProperty("offered").GetArrayLength().ShouldBe(0);
        third.GetProperty("offeredBefore").GetInt32().ShouldBe(5);

        await using (var db = Database.NewContext())
        {
            var offers = await db.RiderOffers.AsNoTracking().Where(o => o.OrderId == orderId).ToListAsync();
            offers.Select(o => o.RiderId).ShouldBe(nearestFirst, ignoreOrder: true);
            offers.ShouldAllBe(o => o.Status == RiderOfferStatus.Open && o.ExpiresAt == o.OfferedAt.AddSeconds(60));
            offers.Single(o => o.RiderId == nearestFirst[0]).DistanceMetres.ShouldBeInRange(95, 105);
        }

        (await SucceededJobsAsync(Database, $"rider.notice:offer:{orderId}", atLeast: 2)).Count.ShouldBe(2);
        foreach (var rider in nearestFirst)
        {
            (await InboxTitlesAsync(Database, rider)).ShouldBe(["Delivery offer"]);
        }

        (await OrderAsync(Database, orderId)).Status.ShouldBe(OrderStatus.Packed);
    }

    [Fact]
    public async Task Offering_an_order_that_is_not_packed_is_a_conflict()
    {
        await RiderAsync(App, metresNorth: 100);
        var placed = await PlaceAsync();

        using var response = await _merchantA.PostAsync($"/api/v1/orders/{placed}/offer", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ProblemTitleAsync(response)).ShouldBe("This order is placed, so it cannot be offered to riders now.");
        await using var db = Database.NewContext();
        (await db.RiderOffers.CountAsync()).ShouldBe(0);
    }

    private async Task<JsonElement> OfferAsync(Guid orderId)
    {
        using var response = await _merchantA.PostAsync($"/api/v1/orders/{orderId}/offer", null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid> PlaceAsync() =>
        await OrderRequests.PlaceCreatedAsync(_customerClient, OrderRequests.For(_shopA, (_attaA, 1)));

    /// <summary>Places an order as the customer, then accepts and packs it as shop A, all through the API.</summary>
    private async Task<Guid> PlaceAndPackAsync()
    {
        var id = await PlaceAsync();
        (await _merchantA.PostAsync($"/api/v1/orders/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _merchantA.PostAsync($"/api/v1/orders/{id}/pack", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return id;
    }
}
