using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Core.Common;
using QuickCommerce.Web.Api;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>Which rider gets the order; <paramref name="Version"/> (optional) is the order version the merchant was looking at.</summary>
public sealed record AssignRiderRequest(string? RiderId, int? Version);

/// <summary>Why the order is taken back from its rider; goes into the order's history.</summary>
public sealed record UnassignRiderRequest(string? Reason);

/// <summary>The rider account to add, by mobile number or email; <paramref name="StoreId"/> only for a merchant with several shops.</summary>
public sealed record AddShopRiderRequest(string? PhoneOrEmail, Guid? StoreId);

/// <summary>
/// The merchant's side of rider assignment: candidates, assign, offer, unassign, and the shop's own
/// riders. Bad input is a 400 naming the field; a wrong order status or a taken rider is a 409 that
/// says what happened; another shop's order is not found.
/// </summary>
public static class RiderAssignmentEndpoints
{
    public static IEndpointRouteBuilder MapRiderAssignmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var order = endpoints.MapGroup("/api/v1/orders/{id:guid}")
            .WithTags("Merchant")
            .RequireAuthorization(Policies.Merchant);
        order.MapGet("/rider-candidates", async (Guid id, ClaimsPrincipal user, RiderAssignment riders, CancellationToken ct) =>
                Answer(await riders.CandidatesAsync(user.UserId(), id, ct)))
            .WithName("RiderCandidates")
            .WithSummary("Riders who could deliver this order: the shop's own first, then available platform riders nearby, nearest first.")
            .Produces<IReadOnlyList<RiderCandidate>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        order.MapPost("/assign", AssignAsync)
            .WithName("AssignRider")
            .WithSummary("Gives a packed order to a rider. Of two shops assigning one rider at once, one wins; the other gets 409.")
            .Produces<RiderAssignmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        order.MapPost("/offer", async (Guid id, ClaimsPrincipal user, RiderAssignment riders, CancellationToken ct) =>
                Answer(await riders.OfferAsync(user.UserId(), id, ct)))
            .WithName("OfferToRiders")
            .WithSummary("Offers a packed order to the nearest available riders who have not had it yet; the first to accept gets it (rider app).")
            .Produces<OfferRound>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        order.MapPost("/unassign", async (Guid id, UnassignRiderRequest? body, ClaimsPrincipal user, RiderAssignment riders, CancellationToken ct) =>
                Answer(await riders.UnassignAsync(user.UserId(), id, body?.Reason, ct)))
            .WithName("UnassignRider")
            .WithSummary("Takes the order back from a rider who dropped out: it is packed again and can be assigned to someone else.")
            .Produces<RiderAssignmentView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var own = endpoints.MapGroup("/api/v1/merchant/riders")
            .WithTags("Merchant")
            .RequireAuthorization(Policies.Merchant);
        own.MapGet("/", async (Guid? storeId, ClaimsPrincipal user, ShopRiders shop, CancellationToken ct) =>
                Answer(await shop.ListAsync(user.UserId(), storeId, ct)))
            .WithName("ShopRiders")
            .WithSummary("The shop's own riders.")
            .Produces<IReadOnlyList<ShopRider>>();
        own.MapPost("/", AddAsync)
            .WithName("AddShopRider")
            .WithSummary("Adds an approved rider account (by mobile number or email) to the shop's own riders.")
            .Produces<ShopRider>(StatusCodes.Status201Created)
            .Produces<ShopRider>()
            .ProducesValidationProblem();
        own.MapDelete("/{riderId:guid}", async (Guid riderId, Guid? storeId, ClaimsPrincipal user, ShopRiders shop, CancellationToken ct) =>
                Answer(await shop.RemoveAsync(user.UserId(), storeId, riderId, ct)))
            .WithName("RemoveShopRider")
            .WithSummary("Takes a rider off the shop's own riders.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<IResult> AssignAsync(
        Guid id, AssignRiderRequest? body, ClaimsPrincipal user, RiderAssignment riders, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body?.RiderId))
        {
            return Invalid("riderId", "Say which rider gets the order (riderId).");
        }

        if (!Guid.TryParse(body.RiderId, out var riderId) || riderId == Guid.Empty)
        {
            return Invalid("riderId", "riderId must be a rider's id, as the candidates list gives it.");
        }

        if (body.Version is < 0)
        {
            return Invalid("version", "version must be the order's version, 0 or more.");
        }

        return Answer(await riders.AssignAsync(user.UserId(), id, riderId, body.Version, cancellationToken));
    }

    internal static async Task<IResult> AddAsync(AddShopRiderRequest? body, ClaimsPrincipal user, ShopRiders shop, CancellationToken cancellationToken)
    {
        var result = await shop.AddAsync(user.UserId(), body?.StoreId, body?.PhoneOrEmail, cancellationToken);
        if (!result.IsSuccess)
        {
            return Problem(result.Error!);
        }

        var (rider, added) = result.Value;
        return added
            ? TypedResults.Created($"/api/v1/merchant/riders/{rider.RiderId}", rider)
            : TypedResults.Ok(rider);
    }

    private static IResult Answer<T>(Result<T> result) => result.IsSuccess ? TypedResults.Ok(result.Value) : Problem(result.Error!);

    private static IResult Answer(Result result) => result.IsSuccess ? TypedResults.NoContent() : Problem(result.Error!);

    /// <summary>
    /// As <see cref="Problems.ToProblem"/>, except that bad input here is a 400 naming the field: these
    /// endpoints have no "understood but unprocessable" case, only input that is wrong.
    /// </summary>
    private static IResult Problem(DomainError error) =>
        error.Kind == ErrorKind.Validation ? Invalid(error.Code, error.Message) : error.ToProblem();

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: message);
}
