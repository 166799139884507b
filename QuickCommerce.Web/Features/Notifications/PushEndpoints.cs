using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Notifications;

/// <summary>The server's VAPID public key, which the browser subscribes with.</summary>
public sealed record PushPublicKey(string PublicKey);

/// <summary>What the browser's PushSubscription.toJSON() gives: the push service endpoint and the device's keys.</summary>
public sealed record PushSubscriptionBody(string? Endpoint, PushSubscriptionKeys? Keys);

/// <summary>The device's P-256 public key and authentication secret, base64url.</summary>
public sealed record PushSubscriptionKeys(string? P256dh, string? Auth);

/// <summary>
/// /api/v1/push: lets a signed-in person's browser receive Web Push. Any role may subscribe a
/// device; each person sees and removes only their own.
/// </summary>
public static class PushEndpoints
{
    /// <summary>Devices kept per person; subscribing an eleventh drops the one subscribed longest ago.</summary>
    public const int MaxDevicesPerUser = 10;

    private const int EndpointMaxLength = 2000;

    public static IEndpointRouteBuilder MapPushEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // JSON bodies and query strings only, like the other API endpoints: antiforgery applies to form posts,
        // and the auth cookie is SameSite=Lax, so another site cannot send these with it.
        var push = endpoints.MapGroup("/api/v1/push")
            .WithTags("Push")
            .RequireAuthorization(Policies.SignedIn);

        push.MapGet("/public-key", PublicKey)
            .WithName("GetPushPublicKey")
            .WithSummary("The VAPID public key a browser subscribes with (applicationServerKey); 404 when push is not set up.");
        push.MapPost("/subscriptions", SubscribeAsync)
            .WithName("SubscribePushDevice")
            .WithSummary("Saves this browser's push subscription for the caller: 201 when new, 200 when the endpoint was already saved (its keys are updated and it becomes the caller's).");
        push.MapDelete("/subscriptions", UnsubscribeAsync)
            .WithName("UnsubscribePushDevice")
            .WithSummary("Forgets one of the caller's push subscriptions, named by its endpoint.");
        return endpoints;
    }

    internal static Results<Ok<PushPublicKey>, ProblemHttpResult> PublicKey(IOptions<WebPushOptions> options) =>
        options.Value.IsConfigured
            ? TypedResults.Ok(new PushPublicKey(options.Value.PublicKey))
            : TypedResults.Problem(title: "Push notifications are not set up on this server.", statusCode: StatusCodes.Status404NotFound);

    internal static async Task<Results<Created, Ok, ValidationProblem>> SubscribeAsync(
        PushSubscriptionBody? body, ClaimsPrincipal user, QuickCommerceDbContext db, IOptions<WebPushOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Invalid(body, options.Value, out var endpoint, out var p256dh, out var auth) is { } problem)
        {
            return problem;
        }

        var userId = user.UserId();
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One statement, so two saves of one endpoint at once cannot both insert. xmax is 0 only on a
        // freshly inserted row: that tells a new device (201) from a re-subscription (200). A re-subscribed
        // device counts as new for the device limit, and one that now belongs to someone else starts afresh.
        var inserted = await db.Database.SqlQuery<bool>($"""
            INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at, failure_count)
            VALUES ({Guid.CreateVersion7(now)}, {userId}, {endpoint}, {p256dh}, {auth}, {now}, 0)
            ON CONFLICT (endpoint) DO UPDATE SET
                user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
                created_at = excluded.created_at, failure_count = 0,
                last_success_at = CASE WHEN push_subscriptions.user_id = excluded.user_id THEN push_subscriptions.last_success_at END
            RETURNING xmax = 0 AS "Value"
            """).ToListAsync(cancellationToken);

        await db.Database.ExecuteSqlAsync($"""
            DELETE FROM push_subscriptions
            WHERE user_id = {userId} AND id NOT IN (
                SELECT id FROM push_subscriptions WHERE user_id = {userId} ORDER BY created_at DESC, id DESC LIMIT {MaxDevicesPerUser})
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted.Single() ? TypedResults.Created() : TypedResults.Ok();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> UnsubscribeAsync(
        string? endpoint, ClaimsPrincipal user, QuickCommerceDbContext db, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return FieldProblem("endpoint", "Name the subscription's endpoint.");
        }

        var userId = user.UserId();
        var deleted = await db.PushSubscriptions.Where(s => s.Endpoint == endpoint && s.UserId == userId).ExecuteDeleteAsync(cancellationToken);

        // Someone else's device is not found, not forbidden: which devices others have is nobody's business.
        return deleted > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "You have no push subscription with that endpoint.", statusCode: StatusCodes.Status404NotFound);
    }

    /// <summary>The first thing wrong with the body, naming its field, or null with the values to store (keys re-encoded without padding).</summary>
    private static ValidationProblem? Invalid(PushSubscriptionBody? body, WebPushOptions options, out string endpoint, out string p256dh, out string auth)
    {
        endpoint = p256dh = auth = string.Empty;
        if (string.IsNullOrWhiteSpace(body?.Endpoint))
        {
            return FieldProblem("endpoint", "Send the subscription's endpoint.");
        }

        if (body.Endpoint.Length > EndpointMaxLength
            || !Uri.TryCreate(body.Endpoint, UriKind.Absolute, out var uri)
            || !options.IsAllowedEndpoint(uri))
        {
            return FieldProblem("endpoint", "The endpoint must be an https URL of a known push service (FCM, Mozilla, Apple or Windows).");
        }

        var publicKey = Decode(body.Keys?.P256dh);
        if (publicKey is not { Length: 65 } || publicKey[0] != 0x04 || !IsP256Point(publicKey))
        {
            return FieldProblem("keys.p256dh", "keys.p256dh must be the device's P-256 public key: 65 bytes, base64url.");
        }

        var secret = Decode(body.Keys?.Auth);
        if (secret is not { Length: 16 })
        {
            return FieldProblem("keys.auth", "keys.auth must be the device's 16-byte authentication secret, base64url.");
        }

        endpoint = body.Endpoint;
        p256dh = Base64Url.EncodeToString(publicKey);
        auth = Base64Url.EncodeToString(secret);
        return null;
    }

    private static byte[]? Decode(string? value) =>
        !string.IsNullOrEmpty(value) && Base64Url.IsValid(value) ? Base64Url.DecodeFromChars(value) : null;

    /// <summary>A point that is not on the curve would fail every push; refuse it now rather than at send time.</summary>
    private static bool IsP256Point(byte[] uncompressed)
    {
        try
        {
            using var key = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = uncompressed[1..33], Y = uncompressed[33..] },
            });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ValidationProblem FieldProblem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);
}
