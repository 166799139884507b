using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace QuickCommerce.Bench;

/// <summary>The run as JSON (<c>&lt;date&gt;.json</c>, every figure) and as the Markdown table in <c>latest.md</c>.</summary>
internal static class Report
{
    // A file for people to read, never embedded in HTML: "≤" stays "≤".
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static (string JsonPath, string MarkdownPath) Write(
        BenchSettings settings, DateTimeOffset started, string loadBefore, string loadAfter, IReadOnlyList<ScenarioResult> results)
    {
        Directory.CreateDirectory(settings.Output);
        var day = started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var jsonPath = Path.Combine(settings.Output, $"{day}.json");
        if (File.Exists(jsonPath))
        {
            jsonPath = Path.Combine(settings.Output, $"{day}-{started.ToString("HHmm", CultureInfo.InvariantCulture)}.json");
        }

        var machine = new Machine(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, loadBefore, loadAfter);
        var document = new
        {
            started,
            commit = settings.Commit,
            baseUrl = settings.BaseAddress,
            machine,
            settings = new
            {
                settings.NearbyRequests,
                settings.SearchRequests,
                settings.ReadConcurrency,
                settings.Warmup,
                settings.SpreadKm,
                settings.Orders,
                settings.OrderConcurrency,
                settings.Customers,
                settings.OversellStock,
                settings.OversellExtra,
                settings.CsvRows,
            },
            scenarios = results,
        };
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(document, Json) + "\n");

        var markdownPath = Path.Combine(settings.Output, "latest.md");
        File.WriteAllText(markdownPath, Markdown(settings, started, machine, Path.GetFileName(jsonPath), results));
        return (jsonPath, markdownPath);
    }

    private static string Markdown(BenchSettings settings, DateTimeOffset started, Machine machine, string jsonName, IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("# Latest bench run");
        text.AppendLine();
        text.AppendLine(c, $"{started:yyyy-MM-dd HH:mm} UTC, commit `{settings.Commit}`, {machine.Cores} cores, {machine.Os}, {machine.Runtime}. App in Release on loopback, demo city freshly seeded.");
        text.AppendLine(c, $"Machine load average (1, 5, 15 min) before: {machine.LoadAverageBefore}; after: {machine.LoadAverageAfter} (the cores are shared: compare runs made under similar load).");
        text.AppendLine(c, $"All figures: [{jsonName}]({jsonName}); what they mean: [bench/README.md](../README.md).");
        text.AppendLine();
        text.AppendLine("| Scenario | Requests | Concurrency | Errors | Throughput (req/s) | p50 ms | p95 ms | p99 ms | App RSS MB before → after | Notes |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var r in results)
        {
            // A rate and percentiles of two requests say nothing; the CSV row gives each step's seconds in its note.
            var rates = r.Requests >= 20
                ? string.Create(c, $"{r.PerSecond:0.0} | {r.LatencyMs.P50:0.0} | {r.LatencyMs.P95:0.0} | {r.LatencyMs.P99:0.0}")
                : "– | – | – | –";
            text.AppendLine(c,
                $"| {r.Name} | {r.Requests:N0} | {r.Concurrency} | {r.Errors} | {rates} | {Mb(r.AppMemory.BeforeMb)} → {Mb(r.AppMemory.AfterMb)} | {r.Note} |");
        }

        var refusals = results.SelectMany(r => r.Outcomes.Where(o => !o.Key.StartsWith('2')).Select(o => $"{r.Name}: {o.Value} × {o.Key}")).ToList();
        text.AppendLine();
        text.AppendLine(refusals.Count == 0 ? "Every request got a 2xx answer." : "Responses other than 2xx:");
        foreach (var refusal in refusals)
        {
            text.AppendLine(c, $"- {refusal}");
        }

        return text.ToString();
    }

    /// <summary>Reads the first three fields of /proc/loadavg ("1.02 0.87 0.80"); "n/a" elsewhere.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record Machine(int Cores, string Os, string Runtime, string LoadAverageBefore, string LoadAverageAfter);

    private static string Mb(double? mb) => mb is { } value ? value.ToString("0", CultureInfo.InvariantCulture) : "n/a";
}
