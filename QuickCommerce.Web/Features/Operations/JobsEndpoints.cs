using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Operations;

/// <summary>
/// The job queue at a glance. <paramref name="OldestPendingSeconds"/> is how long the longest-waiting
/// due job has been due; <paramref name="JobsPerSecond"/> is <paramref name="SucceededLastMinute"/> / 60;
/// <paramref name="Retrying"/> counts jobs that failed and wait for another attempt.
/// </summary>
public sealed record JobQueueFigures(
    long Pending, double OldestPendingSeconds, long Running, long DeadLettered, long SucceededLastMinute, double JobsPerSecond, long Retrying);

/// <summary>/api/v1/admin/jobs: the durable job queue's dead letters and figures. Admins only.</summary>
public static partial class JobsEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/api/v1/admin/jobs")
            .WithTags("Operations")
            .RequireAuthorization(Policies.Admin);

        jobs.MapGet("/dead-letters", ListDeadLettersAsync)
            .WithName("ListDeadLetters")
            .WithSummary($"Jobs that used up their attempts, most recently dead-lettered first, with their last error. limit: 1–{MaxLimit}, default {DefaultLimit}.");
        jobs.MapPost("/dead-letters/{id:guid}/retry", RetryAsync)
            .WithName("RetryDeadLetter")
            .WithSummary("Queues a dead-lettered job again, due now, with a full set of attempts.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapDelete("/dead-letters/{id:guid}", DiscardAsync)
            .WithName("DiscardDeadLetter")
            .WithSummary("Deletes a dead-lettered job for good.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/metrics", FiguresAsync)
            .WithName("JobQueueMetrics")
            .WithSummary("Pending, running and dead-lettered jobs, the oldest due job's wait, and the last minute's throughput.");
        return endpoints;
    }

    internal static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ValidationProblem>> ListDeadLettersAsync(
        string? limit, DeadLetters deadLetters, CancellationToken cancellationToken)
    {
        var input = new QueryParameters();
        var count = Limit(input, limit);
        if (!input.IsValid)
        {
            return TypedResults.ValidationProblem(input.Errors, title: "The limit is not valid.");
        }

        return TypedResults.Ok(await deadLetters.ListAsync(count, cancellationToken));
    }

    internal static async Task<IResult> RetryAsync(
        Guid id, ClaimsPrincipal admin, DeadLetters deadLetters, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!await deadLetters.RetryAsync(id, cancellationToken))
        {
            return NotDeadLettered(id).ToHttpResult();
        }

        var adminId = admin.UserId();
        var logger = Logger(loggers);
        LogRetried(logger, id, adminId);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> DiscardAsync(
        Guid id, ClaimsPrincipal admin, DeadLetters deadLetters, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!await deadLetters.DiscardAsync(id, cancellationToken))
        {
            return NotDeadLettered(id).ToHttpResult();
        }

        var adminId = admin.UserId();
        var logger = Logger(loggers);
        LogDiscarded(logger, id, adminId);
        return TypedResults.NoContent();
    }

    // Read afresh, unlike the gauges' cached snapshot: an admin who just retried a job expects to see it counted.
    internal static async Task<Ok<JobQueueFigures>> FiguresAsync(JobMetrics metrics, CancellationToken cancellationToken)
    {
        var snapshot = await metrics.SnapshotAsync(cancellationToken);
        return TypedResults.Ok(new JobQueueFigures(
            snapshot.Pending,
            snapshot.OldestPendingAge.TotalSeconds,
            snapshot.Running,
            snapshot.DeadLettered,
            snapshot.SucceededLastMinute,
            JobQueueMeter.JobsPerSecond(snapshot),
            snapshot.Retrying));
    }

    private static int Limit(QueryParameters input, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return DefaultLimit;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxLimit)
        {
            input.Add("limit", string.Create(CultureInfo.InvariantCulture, $"Limit must be a whole number from 1 to {MaxLimit}."));
            return DefaultLimit;
        }

        return value;
    }

    private static Result NotDeadLettered(Guid id) => DomainError.NotFound(
        "job.not-dead-lettered",
        $"There is no dead-lettered job {id}. It may have been retried or discarded already.");

    // A static class cannot be the T of ILogger<T>; the category is its name all the same.
    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(JobsEndpoints));

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {AdminId} sent dead-lettered job {JobId} back to the queue")]
    private static partial void LogRetried(ILogger logger, Guid jobId, Guid adminId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin {AdminId} discarded dead-lettered job {JobId}")]
    private static partial void LogDiscarded(ILogger logger, Guid jobId, Guid adminId);
}
