using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.StoreSettings;

/// <summary>
/// /api/v1/merchant/store: the owner's shop settings. Only an approved merchant, and only their
/// own shop (found by owner, never by an id the caller sends). Bad input is a 400 ValidationProblem
/// naming every wrong field, and nothing is written.
/// </summary>
public static class StoreSettingsEndpoints
{
    private const string NoStore = "No shop is linked to this account.";

    public static IEndpointRouteBuilder MapStoreSettingsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var store = endpoints.MapGroup("/api/v1/merchant/store")
            .WithTags("Merchant")
            .RequireAuthorization(Policies.Merchant);

        store.MapGet("/", GetAsync)
            .WithName("GetStoreSettings")
            .WithSummary("The shop's hours, switch, delivery terms, contact, photo and upcoming closures.");
        store.MapPut("/", UpdateAsync)
            .WithName("UpdateStoreSettings")
            .WithSummary("Replaces the shop's weekly hours, delivery radius, minimum order, delivery fee and phone, all or nothing.")
            .Accepts<StoreSettingsInput>("application/json");
        store.MapPost("/open", SetOpenAsync)
            .WithName("SetStoreOpen")
            .WithSummary("The open/closed switch: off hides the shop from nearby results and refuses checkout at once.")
            .Accepts<OpenSwitchInput>("application/json");
        store.MapPost("/closures", AddClosureAsync)
            .WithName("AddStoreClosure")
            .WithSummary("Plans days the shop is shut (both included, at most 60). The same closure sent again returns the first one.")
            .Accepts<ClosureInput>("application/json");
        store.MapDelete("/closures/{id:guid}", RemoveClosureAsync)
            .WithName("RemoveStoreClosure")
            .WithSummary("Removes one of the shop's closures.");
        return endpoints;
    }

    internal static async Task<Results<Ok<StoreSettingsView>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, StoreSettingsEditor editor, CancellationToken cancellationToken) =>
        await editor.GetAsync(user.UserId(), cancellationToken) is { } settings
            ? TypedResults.Ok(settings)
            : NotFound(NoStore);

    internal static async Task<Results<Ok<StoreSettingsView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        HttpRequest request, ClaimsPrincipal user, StoreSettingsEditor editor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var input = await ReadSettingsAsync(request, errors, cancellationToken);
        if (input is null)
        {
            return Invalid(errors, "The settings are not valid.");
        }

        var outcome = await editor.UpdateAsync(user.UserId(), input, cancellationToken);
        return outcome switch
        {
            { NoStore: true } => NotFound(NoStore),
            { IsSuccess: false } => TypedResults.ValidationProblem(outcome.Errors, title: "The settings are not valid."),
            _ => TypedResults.Ok(outcome.Value!),
        };
    }

    internal static async Task<Results<Ok<OpenState>, ValidationProblem, ProblemHttpResult>> SetOpenAsync(
        HttpRequest request, ClaimsPrincipal user, StoreSettingsEditor editor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var body = await JsonBody.ReadAsync(request, errors, cancellationToken);
        var open = body?.Boolean("open");
        if (open is null)
        {
            return Invalid(errors, "Say whether the shop is open.");
        }

        var outcome = await editor.SetOpenAsync(user.UserId(), open.Value, cancellationToken);
        return outcome.NoStore ? NotFound(NoStore) : TypedResults.Ok(outcome.Value!);
    }

    internal static async Task<Results<Created<ClosureView>, Ok<ClosureView>, ValidationProblem, ProblemHttpResult>> AddClosureAsync(
        HttpRequest request, ClaimsPrincipal user, StoreSettingsEditor editor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var body = await JsonBody.ReadAsync(request, errors, cancellationToken);
        var input = body is null ? null : new ClosureInput(body.Day("firstDay"), body.Day("lastDay"), body.Text("reason", required: false));
        if (input is null || errors.Any)
        {
            return Invalid(errors, "The closure is not valid.");
        }

        var outcome = await editor.AddClosureAsync(user.UserId(), input, cancellationToken);
        return outcome switch
        {
            { NoStore: true } => NotFound(NoStore),
            { IsSuccess: false } => TypedResults.ValidationProblem(outcome.Errors, title: "The closure is not valid."),
            { Value.Created: true } => TypedResults.Created($"/api/v1/merchant/store/closures/{outcome.Value.Closure.Id}", outcome.Value.Closure),
            _ => TypedResults.Ok(outcome.Value!.Closure),
        };
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveClosureAsync(
        Guid id, ClaimsPrincipal user, StoreSettingsEditor editor, CancellationToken cancellationToken) =>
        await editor.RemoveClosureAsync(user.UserId(), id, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound("Your shop has no such closure.");

    /// <summary>The PUT body as typed input, or null with every wrong field in <paramref name="errors"/>.</summary>
    private static async Task<StoreSettingsInput?> ReadSettingsAsync(HttpRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, errors, cancellationToken);
        if (body is null)
        {
            return null;
        }

        var hours = body.Objects("hours")?
            .Select(day => day is null ? null : new WeekdayHours(
                day.Text("day") ?? string.Empty,
                day.Boolean("closed", required: false) ?? false,
                day.Text("opens", required: false),
                day.Text("closes", required: false)))
            .ToList();
        var radius = body.WholeNumber("deliveryRadiusMetres");
        var input = new StoreSettingsInput(
            hours,
            radius is null ? null : (int)Math.Clamp(radius.Value, int.MinValue, int.MaxValue),
            body.WholeNumber("minimumOrderPaise"),
            body.WholeNumber("deliveryFeePaise"),
            body.Text("phone"));
        return errors.Any ? null : input;
    }

    private static ValidationProblem Invalid(FieldErrors errors, string title) =>
        TypedResults.ValidationProblem(errors.All, title: title);

    private static ProblemHttpResult NotFound(string title) =>
        TypedResults.Problem(title: title, statusCode: StatusCodes.Status404NotFound);
}
