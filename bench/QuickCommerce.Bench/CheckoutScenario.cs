using System.Globalization;
using System.Net.Http.Json;

namespace QuickCommerce.Bench;

/// <summary>
/// Scenario 3: customers place orders at the demo merchant's store (open around the clock in
/// Indiranagar). The demo has one customer, so the bench signs up its own, as a person would.
/// The merchant first adds two products of its own through the inventory API (so the figures do not
/// depend on what the demo shelf happens to hold): a basket priced at the store's minimum order
/// with exactly enough stock for every order, and a probe whose stock S is then raced for by
/// S + extra single-unit orders at once. Every order also carries one unit of the demo shelf's atta.
/// </summary>
internal sealed class CheckoutScenario(ShopApi api, BenchSettings settings, string runTag)
{
    private const string Merchant = "merchant@demo.in";

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync()
    {
        var merchant = await api.SignInAsync(Merchant, settings.Password);
        var store = await api.GetAsync<StoreView>("/api/v1/merchant/store", merchant);
        var nearby = await api.GetAsync<List<NearbyStoreView>>(string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/stores/nearby?lat={BenchSettings.CentreLatitude}&lng={BenchSettings.CentreLongitude}"));
        if (!nearby.Any(s => s.Id == store.StoreId && s.IsOpen))
        {
            throw new InvalidOperationException($"{store.Name} is not open or does not deliver to the centre; checkout cannot be measured.");
        }

        var category = (await api.GetAsync<List<CategoryView>>("/api/v1/merchant/inventory/categories", merchant))[0];
        var price = Math.Max(store.MinimumOrderPaise, 100_00);
        var basket = await AddProductAsync(merchant, $"Bench basket {runTag}", price, category.Id, settings.Orders);
        var probe = await AddProductAsync(merchant, $"Bench probe {runTag}", price, category.Id, settings.OversellStock);
        var shelf = await api.GetAsync<InventoryListView>("/api/v1/merchant/inventory?search=atta&pageSize=1", merchant);
        var atta = shelf.Items.Count > 0 ? shelf.Items[0] : throw new InvalidOperationException("The demo store sells no atta.");
        await api.PostAsync<StockAdjustedView>($"/api/v1/merchant/inventory/products/{atta.Id}/adjust",
            new { delta = settings.Orders, reason = "Received", note = "bench" }, merchant);
        var attaBefore = (await ProductAsync(merchant, atta.Id)).Stock;

        var customers = await SignUpCustomersAsync();

        var before = AppMemory.ResidentMb(settings.AppPid);
        var orders = await LoadRun.RunAsync(settings.Orders, settings.OrderConcurrency, i =>
            PlaceAsync(customers[i % customers.Count], store.StoreId, [new(basket.Id, 1), new(atta.Id, 1)]));
        var afterOrders = AppMemory.ResidentMb(settings.AppPid);
        var placed = orders.Outcomes.Count(o => o.IsSuccess);
        var basketLeft = (await ProductAsync(merchant, basket.Id)).Stock;
        var attaLeft = (await ProductAsync(merchant, atta.Id)).Stock;
        var stockAgrees = basketLeft == settings.Orders - placed && attaLeft == attaBefore - placed;
        var checkout = ScenarioResult.Of(
            "3a. Checkout",
            settings.OrderConcurrency,
            orders,
            new MemoryFigures(before, afterOrders),
            Unexplained,
            $"POST /api/v1/orders, 2 lines, {customers.Count} customers, a new Idempotency-Key each; " +
            $"{placed} placed, {Math.Round(placed / orders.Elapsed.TotalSeconds, 1).ToString(CultureInfo.InvariantCulture)} orders/s; " +
            $"stock left {(stockAgrees ? "matches" : "DOES NOT match")} the orders placed",
            new Dictionary<string, object>
            {
                ["ordersPlaced"] = placed,
                ["ordersPerSecond"] = Math.Round(placed / orders.Elapsed.TotalSeconds, 1),
                ["customers"] = customers.Count,
                ["basketStockLeft"] = basketLeft,
                ["stockMatchesOrders"] = stockAgrees,
            });

        // All at once: one worker per attempt, so every attempt is in flight together.
        var attempts = settings.OversellStock + settings.OversellExtra;
        var race = await LoadRun.RunAsync(attempts, attempts, i =>
            PlaceAsync(customers[i % customers.Count], store.StoreId, [new(probe.Id, 1)]));
        var afterRace = AppMemory.ResidentMb(settings.AppPid);
        var won = race.Outcomes.Count(o => o.IsSuccess);
        var shortOfStock = race.Outcomes.Count(o => o.Status == 409 && o.Reason == "Some items are short of stock.");
        var probeLeft = (await ProductAsync(merchant, probe.Id)).Stock;
        var held = won == settings.OversellStock && probeLeft == 0 && won + shortOfStock == attempts;
        var oversell = ScenarioResult.Of(
            "3b. No oversell",
            attempts,
            race,
            new MemoryFigures(afterOrders, afterRace),
            Unexplained,
            $"stock S = {settings.OversellStock}, {attempts} single-unit orders at once: {won} placed, {shortOfStock} refused short of stock, " +
            $"{probeLeft} left: {(held ? "PASS" : "FAIL")}",
            new Dictionary<string, object>
            {
                ["stock"] = settings.OversellStock,
                ["attempts"] = attempts,
                ["placed"] = won,
                ["refusedShortOfStock"] = shortOfStock,
                ["stockLeft"] = probeLeft,
                ["pass"] = held,
            });
        return [checkout, oversell];
    }

    /// <summary>A failure with no clear reason: no response, a server error, or a refusal without a problem title.</summary>
    private static bool Unexplained(RequestOutcome outcome) =>
        !outcome.IsSuccess && (outcome.Status is null or >= 500 || outcome.Reason is null);

    private async Task<RequestOutcome> PlaceAsync(string token, Guid storeId, IReadOnlyList<LineInput> lines)
    {
        using var request = ShopApi.Request(HttpMethod.Post, "/api/v1/orders", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("D"));
        request.Content = JsonContent.Create(
            new
            {
                storeId,
                lines,
                address = "12, 100 Feet Road, Indiranagar (bench)",
                point = new { lat = BenchSettings.CentreLatitude, lng = BenchSettings.CentreLongitude },
                paymentMethod = "cod",
                ifUnavailable = "proceed",
            },
            options: ShopApi.Json);
        using var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return await ShopApi.OutcomeOfAsync(response);
    }

    private Task<ProductView> AddProductAsync(string merchant, string name, long pricePaise, int categoryId, int stock) =>
        api.PostAsync<ProductView>("/api/v1/merchant/inventory/products", new
        {
            name,
            hindiName = "बेंच",
            brand = "Bench",
            unit = "1 pack",
            pricePaise,
            mrpPaise = pricePaise,
            categoryId,
            lowStockThreshold = 5,
            stock,
        }, merchant);

    private Task<ProductView> ProductAsync(string merchant, Guid id) =>
        api.GetAsync<ProductView>($"/api/v1/merchant/inventory/products/{id}", merchant);

    /// <summary>Signs up the customers (four at a time) and signs each in for an API token.</summary>
    private async Task<IReadOnlyList<string>> SignUpCustomersAsync()
    {
        // Mobile numbers start 6-9 and have ten digits; the run tag keeps them apart from earlier runs.
        var random = new Random(runTag.GetHashCode(StringComparison.Ordinal));
        var first = random.Next(600_000_000, 999_000_000);
        var tokens = new string[settings.Customers];
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(Enumerable.Range(0, settings.Customers).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var phone = "9" + (first + i).ToString(CultureInfo.InvariantCulture);
                var email = $"bench-{runTag}-{i + 1}@bench.example.in";
                await api.SignUpCustomerAsync($"Bench Customer {i + 1}", phone, email, settings.Password);
                tokens[i] = await api.SignInAsync(email, settings.Password);
            }
            finally
            {
                gate.Release();
            }
        }));
        return tokens;
    }

    private sealed record LineInput(Guid ProductId, int Qty);

    private sealed record StoreView(Guid StoreId, string Name, bool IsOpenNow, long MinimumOrderPaise);

    private sealed record NearbyStoreView(Guid Id, string Name, bool IsOpen);

    private sealed record CategoryView(int Id, string Name, string Slug);

    private sealed record ProductView(Guid Id, string Name, int Stock, int Version);

    private sealed record InventoryListView(IReadOnlyList<ProductView> Items, int Total);

    private sealed record StockAdjustedView(Guid ProductId, int Stock);
}
