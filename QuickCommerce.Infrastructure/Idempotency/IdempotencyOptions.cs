using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Infrastructure.Idempotency;

/// <summary>Settings of <see cref="IdempotentExecution"/>, bound from "Idempotency".</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a duplicate waits for the first request before answering "still in flight" (409). Defaults to 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(10);
}
