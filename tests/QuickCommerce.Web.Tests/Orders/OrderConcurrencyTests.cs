using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace QuickCommerce.Web.Tests.Orders;

/// <summary>
/// The proof that checkout never oversells and never orders twice: many buyers racing for the
/// last units, and one buyer's duplicates and timed-out retries racing each other.
/// </summary>
public sealed class OrderConcurrencyTests(QuietOrdersHost host, ITestOutputHelper output) : IClassFixture<QuietOrdersHost>
{
    private readonly OrdersHost _host = host;
    private readonly ITestOutputHelper _output = output;

    [Fact]
    public async Task Two_hundred_buyers_racing_for_five_units_get_exactly_five_orders_and_stock_never_goes_below_zero()
    {
        const int Buyers = 200;
        const int Units = 5;
        var store = await _host.StoreAsync();
        var butter = await _host.ProductAsync(store, "Amul Butter", pricePaise: 27500, stock: Units);
        var setup = Stopwatch.StartNew();
        var buyers = await _host.CrowdAsync(Buyers);
        setup.Stop();
        var request = OrderRequests.For(store, (butter, 1));
        using var stopWatching = new CancellationTokenSource();
        var lowestStock = _host.LowestStockUntilAsync(butter, stopWatching.Token);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = buyers.Select(async buyer =>
        {
            await start.Task;
            using var response = await OrderRequests.PlaceAsync(buyer.Client, request, Guid.NewGuid());
            return (buyer.Id, response.StatusCode, Body: await OrderRequests.JsonOf(response));
        }).ToList();

        var race = Stopwatch.StartNew();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);
        race.Stop();
        await stopWatching.CancelAsync();

        _output.WriteLine($"{Buyers} customers created in {setup.ElapsedMilliseconds} ms; {Buyers} concurrent orders answered in {race.ElapsedMilliseconds} ms.");
        var created = outcomes.Where(o => o.StatusCode == HttpStatusCode.Created).ToList();
        var refused = outcomes.Where(o => o.StatusCode == HttpStatusCode.Conflict).ToList();
        created.Count.ShouldBe(Units);
        refused.Count.ShouldBe(Buyers - Units);
        foreach (var (_, _, problem) in refused)
        {
            problem.GetProperty("type").GetString().ShouldBe("order.short-stock");
            var line = problem.GetProperty("shortLines").EnumerateArray().ShouldHaveSingleItem();
            (line.GetProperty("productId").GetGuid(), line.GetProperty("requested").GetInt32(), line.GetProperty("available").GetInt32())
                .ShouldBe((butter.Id, 1, 0));
        }

        (await _host.StockAsync(butter)).ShouldBe(0);
        (await lowestStock).ShouldBe(0);
        (await _host.OrderedQuantityAsync(butter)).ShouldBe(Units);
        var orders = await _host.OrdersAtAsync(store);
        orders.Select(o => o.Id).OrderBy(id => id).ShouldBe(created.Select(c => c.Body.GetProperty("id").GetGuid()).OrderBy(id => id));
        orders.Select(o => o.CustomerId).OrderBy(id => id).ShouldBe(created.Select(c => c.Id).OrderBy(id => id));
    }

    [Fact]
    public async Task Fifty_identical_requests_at_once_with_one_key_place_one_order_and_all_get_its_response()
    {
        const int Copies = 50;
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        var request = OrderRequests.For(store, (atta, 3));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copies = Enumerable.Range(0, Copies).Select(async _ =>
        {
            await start.Task;
            using var response = await OrderRequests.PlaceAsync(customer.Client, request, key);
            return (response.StatusCode, Replayed: response.Headers.Contains("Idempotent-Replayed"), Body: await response.Content.ReadAsStringAsync());
        }).ToList();

        var race = Stopwatch.StartNew();
        start.SetResult();
        var outcomes = await Task.WhenAll(copies);
        race.Stop();

        _output.WriteLine($"{Copies} concurrent copies of one order answered in {race.ElapsedMilliseconds} ms.");
        outcomes.Select(o => o.StatusCode).ShouldAllBe(status => status == HttpStatusCode.Created);
        outcomes.Select(o => o.Body).Distinct().ShouldHaveSingleItem();
        outcomes.Count(o => !o.Replayed).ShouldBe(1);
        var id = JsonDocument.Parse(outcomes[0].Body).RootElement.GetProperty("id").GetGuid();
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Id.ShouldBe(id);
        (await _host.StockAsync(atta)).ShouldBe(7);
        (await _host.OrderedQuantityAsync(atta)).ShouldBe(3);
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(1);
    }

    /// <summary>
    /// Twenty clients keep retrying one order, each try on a new HttpClient whose Timeout is
    /// random between 5 and 300 ms (the first try between 5 and 20 ms). On the in-memory test server a client timeout also aborts the
    /// request on the server (it runs in-process), which is how a dropped connection looks to
    /// the app: some tries die before, during or after the transaction commits.
    /// </summary>
    [Fact]
    public async Task Retries_after_random_client_timeouts_still_place_exactly_one_order()
    {
        const int Clients = 20;
        const int MaxTries = 50;
        var store = await _host.StoreAsync();
        var atta = await _host.ProductAsync(store, "Aashirvaad Atta", pricePaise: 4500, stock: 10);
        var customer = await _host.CustomerAsync();
        var key = Guid.NewGuid();
        var request = OrderRequests.For(store, (atta, 3));
        var timeouts = 0;

        // Warm the placement path first (JIT, EF query cache): the storm is about drops, not a cold start.
        var earlier = await _host.CustomerAsync();
        (await OrderRequests.PlaceAsync(earlier.Client, request, Guid.NewGuid())).StatusCode.ShouldBe(HttpStatusCode.Created);

        var race = Stopwatch.StartNew();
        var finals = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var attempt = 1; attempt <= MaxTries; attempt++)
            {
                using var client = _host.ClientLike(customer);
                // A short fuse on the first try: twenty clients cannot all be served within 20 ms, so some tries surely drop.
                client.Timeout = TimeSpan.FromMilliseconds(attempt == 1 ? Random.Shared.Next(5, 21) : Random.Shared.Next(5, 301));
                try
                {
                    using var response = await OrderRequests.PlaceAsync(client, request, key);
                    return new Final(response.StatusCode, await response.Content.ReadAsStringAsync(), attempt);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref timeouts);
                }
            }

            return null;
        })));
        race.Stop();

        _output.WriteLine(
            $"{Clients} retrying clients done in {race.ElapsedMilliseconds} ms: {timeouts} tries timed out, " +
            $"answered on tries [{string.Join(", ", finals.Select(f => f?.Attempt))}].");
        timeouts.ShouldBeGreaterThan(0, "no try timed out, so no request was dropped");
        finals.ShouldAllBe(f => f != null, $"a client got no answer in {MaxTries} tries");
        finals.Select(f => f!.StatusCode).ShouldAllBe(status => status == HttpStatusCode.Created);
        var ids = finals.Select(f => JsonDocument.Parse(f!.Body).RootElement.GetProperty("id").GetGuid()).Distinct().ToList();
        var id = ids.ShouldHaveSingleItem();
        (await _host.OrdersOfAsync(customer.Id)).ShouldHaveSingleItem().Id.ShouldBe(id);
        (await _host.StockAsync(atta)).ShouldBe(4);
        (await _host.OrderedQuantityAsync(atta)).ShouldBe(6);
        (await _host.EventsOfAsync(id)).Count.ShouldBe(1);
        (await _host.RememberedKeysAsync(customer.Id, key)).ShouldBe(1);
    }

    private sealed record Final(HttpStatusCode StatusCode, string Body, int Attempt);
}
