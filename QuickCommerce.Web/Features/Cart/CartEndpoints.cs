using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QuickCommerce.Web.Features.Accounts;

namespace QuickCommerce.Web.Features.Cart;

/// <summary>Form posts that change the cookie cart; each answers with a redirect, so no script is needed.</summary>
public static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var cart = endpoints.MapGroup("/cart").WithTags("Cart").AllowAnonymous();
        cart.MapPost("/add", Add)
            .WithName("AddToCart")
            .WithSummary("Adds one (or qty) of a product to that store's cart, then returns to the page.");
        cart.MapPost("/set", Set)
            .WithName("SetCartQuantity")
            .WithSummary("Sets a cart line's quantity; 0 removes it.");
        return endpoints;
    }

    internal static RedirectHttpResult Add(
        HttpContext http, [FromForm] Guid storeId, [FromForm] Guid productId, [FromForm] int? qty, [FromForm] string? returnUrl)
    {
        var carts = CartCookie.Read(http.Request);
        var current = carts.TryGetValue(storeId, out var lines) ? lines.GetValueOrDefault(productId) : 0;
        var problem = CartCookie.SetQuantity(carts, storeId, productId, current + Math.Clamp(qty ?? 1, 1, CartCookie.MaxQuantity));
        CartCookie.Write(http.Response, carts);

        // From the store page: back to the product just added, so the shopper keeps their place.
        return Back(returnUrl ?? $"/stores/{storeId}#p-{productId}", problem);
    }

    internal static RedirectHttpResult Set(
        HttpContext http, [FromForm] Guid storeId, [FromForm] Guid productId, [FromForm] int qty, [FromForm] string? returnUrl)
    {
        var carts = CartCookie.Read(http.Request);
        var problem = CartCookie.SetQuantity(carts, storeId, productId, Math.Clamp(qty, 0, CartCookie.MaxQuantity));
        CartCookie.Write(http.Response, carts);
        return Back(returnUrl, problem);
    }

    private static RedirectHttpResult Back(string? returnUrl, string? problem)
    {
        var target = AccountLookup.IsLocal(returnUrl) ? returnUrl! : "/cart";
        if (problem is not null)
        {
            target = $"/cart?problem={Uri.EscapeDataString(problem)}";
        }

        return TypedResults.Redirect(target);
    }
}
