using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Infrastructure.Housekeeping;

/// <summary>Settings of the retention purge, bound from "Housekeeping".</summary>
public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    /// <summary>Whether this process runs the purge in the background. Defaults to true; every instance may run it.</summary>
    public bool RunPurge { get; set; } = true;

    /// <summary>How often a pass runs; the first one an interval after start. Defaults to 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a succeeded job is kept after it completed. Defaults to 7 days. While it is kept its
    /// key stays taken, so a late duplicate enqueue of the same work is still skipped.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan SucceededJobRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rows one DELETE removes at most, so a big backlog never holds locks for long. Defaults to 5,000.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;
}
