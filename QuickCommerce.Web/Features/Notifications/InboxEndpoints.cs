using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Notifications;

/// <summary>Which part of the inbox to show: older than <see cref="Before"/> (the newest when null), at most <see cref="Limit"/> messages.</summary>
public sealed record InboxQuery(InboxCursor? Before, int Limit);

/// <summary>/api/v1/inbox: the signed-in person's in-app inbox, whatever their role.</summary>
public static class InboxEndpoints
{
    /// <summary>Title of the 400 a bad query gets.</summary>
    public const string InvalidTitle = "The inbox query is not valid.";

    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Query strings and bodiless posts only, like the other API endpoints: antiforgery applies to
        // form posts, and the auth cookie is SameSite=Lax, so another site cannot send these with it.
        var inbox = endpoints.MapGroup("/api/v1/inbox")
            .WithTags("Inbox")
            .RequireAuthorization(Policies.SignedIn);

        inbox.MapGet("/", ListAsync)
            .WithName("ListInbox")
            .WithSummary("The caller's unread count and messages, newest first; pass next back as before for older ones (limit 1–50, default 20).");
        inbox.MapPost("/{id:guid}/read", async (Guid id, ClaimsPrincipal user, Inbox messages, CancellationToken ct) =>
                await messages.MarkReadAsync(user.UserId(), id, ct) is { IsSuccess: false } failed
                    ? failed.Error!.ToProblem()
                    : TypedResults.NoContent())
            .WithName("MarkInboxMessageRead")
            .WithSummary("Marks one of the caller's messages read; another person's message is not found.");
        inbox.MapPost("/read-all", async (ClaimsPrincipal user, Inbox messages, CancellationToken ct) =>
            {
                await messages.MarkAllReadAsync(user.UserId(), ct);
                return TypedResults.NoContent();
            })
            .WithName("MarkInboxRead")
            .WithSummary("Marks every message of the caller's read.");
        return endpoints;
    }

    internal static async Task<Results<Ok<InboxListing>, ValidationProblem>> ListAsync(
        string? before, string? limit, ClaimsPrincipal user, Inbox messages, CancellationToken cancellationToken)
    {
        var input = new QueryParameters();
        var query = Read(before, limit, input);
        if (!input.IsValid)
        {
            return TypedResults.ValidationProblem(input.Errors, title: InvalidTitle);
        }

        return TypedResults.Ok(await messages.ListAsync(user.UserId(), query.Before, query.Limit, cancellationToken));
    }

    /// <summary>
    /// The query the raw values describe, with every bad value named in <paramref name="input"/>.
    /// The inbox page reads its query string through here too, so both say the same about bad input.
    /// </summary>
    public static InboxQuery Read(string? before, string? limit, QueryParameters input)
    {
        ArgumentNullException.ThrowIfNull(input);
        InboxCursor? cursor = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (InboxCursor.TryParse(before, out var parsed))
            {
                cursor = parsed;
            }
            else
            {
                input.Add("before", "Before must be the next value of an earlier page.");
            }
        }

        var size = Inbox.DefaultPageSize;
        if (!string.IsNullOrEmpty(limit))
        {
            if (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out size))
            {
                input.Add("limit", "Limit must be a whole number.");
                size = Inbox.DefaultPageSize;
            }
            else if (size is < 1 or > Inbox.MaxPageSize)
            {
                input.Add("limit", $"Limit must be between 1 and {Inbox.MaxPageSize.ToString(CultureInfo.InvariantCulture)}.");
                size = Inbox.DefaultPageSize;
            }
        }

        return new InboxQuery(cursor, size);
    }
}
