using System.Net;
using System.Net.Http.Json;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// The shop's accept and reject on an order that waits for the customer to answer the shop's own
/// changes: a state conflict the merchant can read, not a refusal, and the order stays as it was.
/// </summary>
public sealed class AwaitingCustomerMovesApiTests : OrderChangesTest
{
    private const string Waiting = "This order is waiting for the customer to approve your changes.";

    [Theory]
    [InlineData("accept")]
    [InlineData("reject")]
    [InlineData("pack")]
    public async Task Any_move_of_the_shop_on_an_order_awaiting_the_customer_is_a_conflict_saying_so_and_changes_nothing(string move)
    {
        var id = await AwaitingCustomerAsync("proceed");
        var before = await SnapshotAsync(id);

        using var response = move == "reject"
            ? await Shop.PostAsJsonAsync($"/api/v1/orders/{id}/reject", new { reason = "Closing early" })
            : await Shop.PostAsync($"/api/v1/orders/{id}/{move}", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
        var problem = await JsonOf(response);
        problem.GetProperty("title").GetString().ShouldBe(Waiting);
        problem.GetProperty("status").GetInt32().ShouldBe(409);
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Once_the_customer_approved_accepting_again_is_the_usual_conflict_naming_the_state()
    {
        var id = await AwaitingCustomerAsync("proceed");
        using (var approved = await Customer.PostAsync($"/api/v1/orders/{id}/changes/approve", null))
        {
            approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        }

        using var response = await Shop.PostAsync($"/api/v1/orders/{id}/accept", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await JsonOf(response)).GetProperty("title").GetString().ShouldBe("This order is accepted and cannot be accepted now.");
    }

    /// <summary>What a move would change: status, version, deadline, events, lines, stock and jobs.</summary>
    private async Task<string> SnapshotAsync(Guid id)
    {
        var order = await OrderAsync(id);
        var lines = string.Join(",", order.Lines.OrderBy(l => l.Id).Select(l => $"{l.ProductId}x{l.Quantity}"));
        var jobs = string.Join(",", (await JobsOfAsync(id)).Select(j => j.Key).Order(StringComparer.Ordinal));
        return $"{order.Status} v{order.Version} {order.ChangesDeadline:O} events {order.Events.Count} lines {lines} "
            + $"stock {await StockAsync(Milk)}/{await StockAsync(Bread)} jobs {jobs}";
    }
}
