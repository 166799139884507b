using Coravel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QuickCommerce.Infrastructure.Jobs;

/// <summary>
/// Puts the <see cref="DrainJobs"/> invocable on Coravel's scheduler: every <see cref="JobOptions.PollInterval"/>,
/// never overlapping itself. Registered as a hosted service so the schedule is set up with the
/// rest of the infrastructure, before Coravel's scheduler starts ticking.
/// </summary>
public sealed partial class JobSchedule(IServiceProvider services, IOptions<JobOptions> options, ILogger<JobSchedule> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var seconds = (int)options.Value.PollInterval.TotalSeconds;
        services.UseScheduler(scheduler => scheduler
                .Schedule<DrainJobs>()
                .EverySeconds(seconds)
                .PreventOverlapping(nameof(DrainJobs)))
            .OnError(error => LogScheduledWorkFailed(logger, error));
        LogScheduled(logger, seconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker polls every {Seconds} s and wakes on every committed job")]
    private static partial void LogScheduled(ILogger logger, int seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled background work failed; it runs again at its next time")]
    private static partial void LogScheduledWorkFailed(ILogger logger, Exception error);
}
