using System.Security.Claims;
using QuickCommerce.Web.Api;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>/api/v1/me/addresses: the signed-in customer's saved delivery addresses.</summary>
public static class AddressesEndpoints
{
    public static IEndpointRouteBuilder MapAddressesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var addresses = endpoints.MapGroup("/api/v1/me/addresses")
            .WithTags("Addresses")
            .RequireAuthorization(Policies.Customer);

        addresses.MapGet("/", (ClaimsPrincipal user, SavedAddresses saved, CancellationToken ct) => saved.ListAsync(user.UserId(), ct))
            .WithName("ListAddresses")
            .WithSummary("The customer's saved addresses, default first.");
        addresses.MapPost("/", AddAsync)
            .WithName("AddAddress")
            .WithSummary("Saves an address; the first one (or one marked makeDefault) becomes the default.");
        addresses.MapPut("/{id:guid}/default", async (Guid id, ClaimsPrincipal user, SavedAddresses saved, CancellationToken ct) =>
                (await saved.MakeDefaultAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("MakeAddressDefault")
            .WithSummary("Makes this address the one checkout offers first.");
        addresses.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, SavedAddresses saved, CancellationToken ct) =>
                (await saved.DeleteAsync(user.UserId(), id, ct)).ToHttpResult())
            .WithName("DeleteAddress")
            .WithSummary("Forgets a saved address.");
        return endpoints;
    }

    internal static async Task<IResult> AddAsync(NewAddress body, ClaimsPrincipal user, SavedAddresses saved, CancellationToken cancellationToken)
    {
        var result = await saved.AddAsync(user.UserId(), body, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/me/addresses/{result.Value!.Id}", result.Value)
            : result.Error!.ToProblem();
    }
}
