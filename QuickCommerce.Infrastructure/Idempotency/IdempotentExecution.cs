using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Infrastructure.Idempotency;

/// <summary>How a request with an Idempotency-Key was handled.</summary>
public enum IdempotencyOutcome
{
    /// <summary>First time: the work ran (and, if it succeeded, its response is now stored).</summary>
    Executed,
    /// <summary>Seen before: the stored response of the first request is returned as it was.</summary>
    Replayed,
    /// <summary>The key was used before with a different request body (422).</summary>
    Mismatch,
    /// <summary>The first request with this key is still running after the wait (409).</summary>
    InFlight,
}

/// <summary>The result of an idempotent call: what happened, and the status and JSON body to send.</summary>
public sealed record IdempotentResponse(IdempotencyOutcome Outcome, int StatusCode, string? Body);

/// <summary>
/// Runs a mutating request at most once per (user, Idempotency-Key), on any number of instances.
/// A transaction-scoped PostgreSQL advisory lock on the key serialises concurrent duplicates: the
/// second waits (up to <see cref="IdempotencyOptions.InFlightWait"/>) for the first, then replays its stored response;
/// a successful response is stored in the same transaction as the business change, so either both
/// exist or neither does, whatever crashes. Failed attempts store nothing: a retry runs afresh.
/// In front of the lock, a Redis marker (<see cref="InFlightMarkers"/>) makes duplicates wait
/// without holding a pooled connection; the lock stays the guard.
/// </summary>
public sealed class IdempotentExecution(QuickCommerceDbContext db, TimeProvider clock, InFlightMarkers markers, IOptions<IdempotencyOptions> options)
{
    /// <summary>How long keys are remembered; the offline queue keeps actions no longer than this.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>SHA-256 (hex) of what identifies "the same request".</summary>
    public static string HashRequest(string method, string path, string canonicalBody) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()} {path}\n{canonicalBody}")));

    /// <summary>
    /// Runs <paramref name="work"/> inside a transaction unless this key was used before. The work
    /// returns the HTTP status and JSON body; a 2xx is stored with the business change.
    /// </summary>
    public async Task<IdempotentResponse> RunAsync(
        Guid userId, Guid key, string requestHash, Func<CancellationToken, Task<(int StatusCode, string Body)>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var inFlightWait = options.Value.InFlightWait;
        await using var marker = await markers.TakeAsync(userId, key, inFlightWait, cancellationToken);
        if (marker is null)
        {
            return new IdempotentResponse(IdempotencyOutcome.InFlight, 409, null);
        }

        // The marker is released only after the transaction has ended, so the next duplicate finds the stored response.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlAsync(
                    $"SELECT set_config('lock_timeout', {((int)inFlightWait.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms"}, true)",
                    cancellationToken);
                await db.Database.ExecuteSqlAsync(
                    $"SELECT pg_advisory_xact_lock(hashtextextended({userId.ToString("N") + key.ToString("N")}, 0))",
                    cancellationToken);
                await db.Database.ExecuteSqlAsync($"SELECT set_config('lock_timeout', '0', true)", cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                return new IdempotentResponse(IdempotencyOutcome.InFlight, 409, null);
            }

            var earlier = await db.IdempotencyRecords.AsNoTracking()
                .SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, cancellationToken);
            if (earlier is not null && earlier.CreatedAt > clock.GetUtcNow() - Retention)
            {
                return earlier.RequestHash == requestHash
                    ? new IdempotentResponse(IdempotencyOutcome.Replayed, earlier.StatusCode ?? 200, earlier.ResponseBody)
                    : new IdempotentResponse(IdempotencyOutcome.Mismatch, 422, null);
            }

            var (status, body) = await work(cancellationToken);
            if (status is < 200 or > 299)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new IdempotentResponse(IdempotencyOutcome.Executed, status, body);
            }

            if (earlier is not null)
            {
                // An expired record of the same key: forget it, the key starts a new life.
                await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key).ExecuteDeleteAsync(cancellationToken);
            }

            var now = clock.GetUtcNow();
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                UserId = userId,
                Key = key,
                RequestHash = requestHash,
                StatusCode = status,
                ResponseBody = body,
                CreatedAt = now,
                CompletedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new IdempotentResponse(IdempotencyOutcome.Executed, status, body);
        });
    }
}
