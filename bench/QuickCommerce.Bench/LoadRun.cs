using System.Diagnostics;

namespace QuickCommerce.Bench;

/// <summary>How one request ended: its HTTP status (null when no response came) and, when it failed, why.</summary>
internal readonly record struct RequestOutcome(int? Status, string? Reason)
{
    public bool IsSuccess => Status is >= 200 and <= 299;

    /// <summary>The bucket it is counted in: "200", "409 Some items are short of stock.", "no response: …".</summary>
    public string Label => Status is { } status
        ? Reason is null ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {Reason}"
        : $"no response: {Reason}";
}

/// <summary>Every request's latency and outcome, in the order they were started, and the wall time of the whole run.</summary>
internal sealed record LoadResult(double[] LatenciesMs, RequestOutcome[] Outcomes, TimeSpan Elapsed);

/// <summary>
/// A closed loop: <c>concurrency</c> workers each send a request, wait for its answer and send the
/// next, until <c>count</c> requests have been sent. Latency is measured around each call, body read included.
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(int count, int concurrency, Func<int, Task<RequestOutcome>> send)
    {
        var latencies = new double[count];
        var outcomes = new RequestOutcome[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                outcomes[i] = await SendAsync(send, i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        await Task.WhenAll(workers);
        return new LoadResult(latencies, outcomes, clock.Elapsed);
    }

    /// <summary>Transport failures (refused, reset, timed out) are outcomes to count, not reasons to stop the run.</summary>
    private static async Task<RequestOutcome> SendAsync(Func<int, Task<RequestOutcome>> send, int index)
    {
        try
        {
            return await send(index);
        }
        catch (HttpRequestException e)
        {
            return new RequestOutcome(null, e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException)
        {
            return new RequestOutcome(null, "timed out");
        }
    }
}
