using System.Globalization;

namespace QuickCommerce.Bench;

/// <summary>
/// Scenarios 1 and 2: anonymous GETs a phone makes on the home and search screens. Each request
/// comes from a point up to <see cref="BenchSettings.SpreadKm"/> from the city centre (a fixed
/// random sequence, so every run asks the same things), as customers spread over a neighbourhood do.
/// </summary>
internal sealed class ReadScenarios(ShopApi api, BenchSettings settings)
{
    private static readonly string[] Queries = ["atta", "milk", "aashirvaad"];

    public async Task<ScenarioResult> NearbyAsync()
    {
        var stores = await api.GetAsync<List<NearbyStoreView>>(NearbyPath(BenchSettings.CentreLatitude, BenchSettings.CentreLongitude));
        if (stores.Count == 0)
        {
            throw new InvalidOperationException("No store delivers to the demo city's centre: is the demo city seeded?");
        }

        var points = Points(settings.Warmup + settings.NearbyRequests, seed: 1);
        return await RunAsync(
            "1. Nearby stores",
            settings.NearbyRequests,
            i => NearbyPath(points[i].Lat, points[i].Lng),
            $"GET /api/v1/stores/nearby, points ≤ {Km(settings.SpreadKm)} km from the centre; {stores.Count} stores at the centre");
    }

    public async Task<ScenarioResult> SearchAsync()
    {
        var hits = await api.GetAsync<List<SearchHitView>>(SearchPath("atta", BenchSettings.CentreLatitude, BenchSettings.CentreLongitude));
        if (hits.Count == 0)
        {
            throw new InvalidOperationException("Searching \"atta\" at the centre found nothing: is the demo city seeded?");
        }

        var points = Points(settings.Warmup + settings.SearchRequests, seed: 2);
        return await RunAsync(
            "2. Product search",
            settings.SearchRequests,
            i => SearchPath(Queries[i % Queries.Length], points[i].Lat, points[i].Lng),
            $"GET /api/v1/search q = {string.Join(", ", Queries)} in turn, points ≤ {Km(settings.SpreadKm)} km from the centre");
    }

    private async Task<ScenarioResult> RunAsync(string name, int count, Func<int, string> pathOf, string note)
    {
        var before = AppMemory.ResidentMb(settings.AppPid);
        // The warm-up asks from points of its own (after the measured ones), so it warms the JIT and pools, not the cache.
        await LoadRun.RunAsync(settings.Warmup, settings.ReadConcurrency, i => GetAsync(pathOf(count + i)));
        var load = await LoadRun.RunAsync(count, settings.ReadConcurrency, i => GetAsync(pathOf(i)));
        var after = AppMemory.ResidentMb(settings.AppPid);
        return ScenarioResult.Of(name, settings.ReadConcurrency, load, new MemoryFigures(before, after), o => !o.IsSuccess, note);
    }

    private async Task<RequestOutcome> GetAsync(string path)
    {
        using var response = await api.Http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        return await ShopApi.OutcomeOfAsync(response);
    }

    /// <summary>Points spread evenly over a disc around the centre, rounded to 4 decimals (about 10 m) as a phone's position is.</summary>
    private (double Lat, double Lng)[] Points(int count, int seed)
    {
        var random = new Random(seed);
        var kmPerDegree = 111.32;
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var distance = settings.SpreadKm * Math.Sqrt(random.NextDouble());
            var angle = random.NextDouble() * 2 * Math.PI;
            var lat = BenchSettings.CentreLatitude + (distance * Math.Cos(angle) / kmPerDegree);
            var lng = BenchSettings.CentreLongitude + (distance * Math.Sin(angle) / (kmPerDegree * Math.Cos(BenchSettings.CentreLatitude * Math.PI / 180)));
            return (Math.Round(lat, 4), Math.Round(lng, 4));
        })];
    }

    private static string NearbyPath(double lat, double lng) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/v1/stores/nearby?lat={lat}&lng={lng}");

    private static string SearchPath(string q, double lat, double lng) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/v1/search?q={Uri.EscapeDataString(q)}&lat={lat}&lng={lng}");

    private static string Km(double km) => km.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed record NearbyStoreView(Guid Id, string Name, bool IsOpen);

    private sealed record SearchHitView(Guid ProductId, Guid StoreId, string Name);
}
