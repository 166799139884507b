using System.Globalization;

namespace QuickCommerce.Bench;

/// <summary>
/// What one run does, from the command line (<c>--name value</c>). The defaults keep a whole run
/// under five minutes on two shared cores; raise them for a longer, steadier measurement.
/// </summary>
internal sealed record BenchSettings
{
    /// <summary>Indiranagar, the demo city's centre (README: it always has open stores).</summary>
    public const double CentreLatitude = 12.9719;
    public const double CentreLongitude = 77.6412;

    public Uri BaseAddress { get; init; } = new("http://127.0.0.1:5090");
    public int? AppPid { get; init; }
    public string Output { get; init; } = "bench/results";
    public string Commit { get; init; } = "unknown";
    public int NearbyRequests { get; init; } = 2_000;
    public int SearchRequests { get; init; } = 2_000;
    public int ReadConcurrency { get; init; } = 50;
    public int Warmup { get; init; } = 50;
    /// <summary>Read requests come from points up to this far from the centre (0: all from the centre, so mostly cache hits).</summary>
    public double SpreadKm { get; init; } = 1.0;
    public int Orders { get; init; } = 200;
    public int OrderConcurrency { get; init; } = 20;
    public int Customers { get; init; } = 20;
    public int OversellStock { get; init; } = 50;
    public int OversellExtra { get; init; } = 50;
    public int CsvRows { get; init; } = 5_000;
    public string Password { get; init; } = "Demo@12345";
    public IReadOnlyList<string> Only { get; init; } = [];

    public const string Usage = """
        QuickCommerce.Bench --base-url http://127.0.0.1:5090 [--app-pid PID] [--output DIR] [--commit SHA]
          [--nearby 2000] [--search 2000] [--read-concurrency 50] [--warmup 50] [--spread-km 1.0]
          [--orders 200] [--order-concurrency 20] [--customers 20] [--oversell-stock 50] [--oversell-extra 50]
          [--csv-rows 5000] [--only nearby,search,checkout,csv]
        """;

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.\n{Usage}");
            }

            var value = args[++i];
            settings = name switch
            {
                "--base-url" => settings with { BaseAddress = new Uri(value) },
                "--app-pid" => settings with { AppPid = Whole(name, value) },
                "--output" => settings with { Output = value },
                "--commit" => settings with { Commit = value },
                "--nearby" => settings with { NearbyRequests = Whole(name, value) },
                "--search" => settings with { SearchRequests = Whole(name, value) },
                "--read-concurrency" => settings with { ReadConcurrency = Whole(name, value, min: 1) },
                "--warmup" => settings with { Warmup = Whole(name, value) },
                "--spread-km" => settings with { SpreadKm = double.Parse(value, CultureInfo.InvariantCulture) },
                "--orders" => settings with { Orders = Whole(name, value) },
                "--order-concurrency" => settings with { OrderConcurrency = Whole(name, value, min: 1) },
                "--customers" => settings with { Customers = Whole(name, value, min: 1) },
                "--oversell-stock" => settings with { OversellStock = Whole(name, value, min: 1) },
                "--oversell-extra" => settings with { OversellExtra = Whole(name, value) },
                "--csv-rows" => settings with { CsvRows = Whole(name, value, min: 1) },
                "--password" => settings with { Password = value },
                "--only" => settings with { Only = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"Unknown option {name}.\n{Usage}"),
            };
        }

        return settings;
    }

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario, StringComparer.OrdinalIgnoreCase);

    private static int Whole(string name, string value, int min = 0) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min
            ? number
            : throw new ArgumentException($"{name} must be a whole number of at least {min} (not \"{value}\").");
}
