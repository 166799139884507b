using Coravel.Invocable;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// The job worker as a Coravel invocable: the scheduler runs it every <see cref="JobOptions.PollInterval"/>
/// (retries whose backoff has passed, expired leases, notifications lost while listening was down),
/// and <see cref="JobListener"/> runs it at once when a committed job is announced.
/// </summary>
public sealed class DrainJobs(JobDrain drain) : IInvocable, ICancellableInvocable
{
    /// <summary>Set by Coravel (or the listener): cancelled when the application stops.</summary>
    public CancellationToken CancellationToken { get; set; }

    public Task Invoke() => drain.RunAsync(CancellationToken);
}
