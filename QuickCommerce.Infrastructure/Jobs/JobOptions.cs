using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>Settings of the job workers, bound from "Jobs".</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Whether this process runs a background worker. Defaults to true; tests drive <see cref="JobWorker"/> themselves.</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>How long a claim lasts; a job still Running after it is taken over by another worker. Defaults to 60 s. Must cover a whole batch.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first retry delay; each later one doubles. Defaults to 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest retry delay. Defaults to 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the worker looks for due jobs when no notification wakes it, in whole seconds
    /// (Coravel's schedule). Defaults to 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:59", ErrorMessage = "Jobs:PollInterval must be from 1 to 59 seconds.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jobs claimed at a time. Defaults to 10.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 10;
}
