using System.Globalization;
using QuickCommerce.Bench;

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// One pool for every simulated client, with a connection per concurrent request (HTTP/1.1 on loopback).
using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = 1_000,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseCookies = false,
};
using var http = new HttpClient(handler) { BaseAddress = settings.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
var api = new ShopApi(http);
var started = DateTimeOffset.UtcNow;
var loadBefore = Report.LoadAverage();
var runTag = started.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
var results = new List<ScenarioResult>();

void Show(ScenarioResult r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{r.Name}: {r.Requests} requests, {r.Errors} errors, {r.PerSecond:0.0}/s, p50 {r.LatencyMs.P50} p95 {r.LatencyMs.P95} p99 {r.LatencyMs.P99} ms; {r.Note}"));

var reads = new ReadScenarios(api, settings);
if (settings.Runs("nearby"))
{
    results.Add(await reads.NearbyAsync());
    Show(results[^1]);
}

if (settings.Runs("search"))
{
    results.Add(await reads.SearchAsync());
    Show(results[^1]);
}

if (settings.Runs("checkout"))
{
    foreach (var result in await new CheckoutScenario(api, settings, runTag).RunAsync())
    {
        results.Add(result);
        Show(result);
    }
}

if (settings.Runs("csv"))
{
    results.Add(await new CsvImportScenario(api, settings, runTag).RunAsync());
    Show(results[^1]);
}

var (jsonPath, markdownPath) = Report.Write(settings, started, loadBefore, Report.LoadAverage(), results);
Console.WriteLine($"Wrote {jsonPath} and {markdownPath}");

// An oversold product is a broken invariant, not a slow figure: the run fails.
var oversold = results.Any(r => r.Figures.TryGetValue("pass", out var pass) && pass is false);
return oversold ? 1 : 0;
