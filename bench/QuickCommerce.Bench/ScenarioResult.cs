namespace QuickCommerce.Bench;

/// <summary>Latency percentiles in milliseconds (nearest rank over every measured request).</summary>
internal sealed record LatencyFigures(double P50, double P95, double P99, double Max)
{
    public static LatencyFigures Of(IReadOnlyCollection<double> latenciesMs)
    {
        if (latenciesMs.Count == 0)
        {
            return new LatencyFigures(0, 0, 0, 0);
        }

        var sorted = latenciesMs.Order().ToArray();
        double At(double percent) => Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)], 1);
        return new LatencyFigures(At(50), At(95), At(99), Math.Round(sorted[^1], 1));
    }
}

/// <summary>The app's VmRSS in MB just before the scenario (its warm-up included) and just after.</summary>
internal sealed record MemoryFigures(double? BeforeMb, double? AfterMb);

/// <summary>
/// One line of the results. Errors are responses the scenario did not expect (for checkout: any
/// failure without a clear reason); Outcomes counts every response by status and problem title.
/// Figures holds what only this scenario measures (orders placed, seconds per import step, …).
/// </summary>
internal sealed record ScenarioResult(
    string Name,
    int Requests,
    int Concurrency,
    int Errors,
    double Seconds,
    double PerSecond,
    LatencyFigures LatencyMs,
    MemoryFigures AppMemory,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, object> Figures,
    string Note)
{
    public static ScenarioResult Of(
        string name, int concurrency, LoadResult load, MemoryFigures memory, Func<RequestOutcome, bool> isError, string note,
        IReadOnlyDictionary<string, object>? figures = null) =>
        new(
            name,
            load.Outcomes.Length,
            concurrency,
            load.Outcomes.Count(isError),
            Math.Round(load.Elapsed.TotalSeconds, 2),
            load.Elapsed.TotalSeconds > 0 ? Math.Round(load.Outcomes.Length / load.Elapsed.TotalSeconds, 1) : 0,
            LatencyFigures.Of(load.LatenciesMs),
            memory,
            load.Outcomes.GroupBy(o => o.Label).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            figures ?? new Dictionary<string, object>(),
            note);
}
