using System.Globalization;
using System.Text;

namespace QuickCommerce.Web.Features.Cart;

/// <summary>
/// The customer's carts, one per store, kept in a persistent cookie so they survive a browser
/// restart and signing in, and work on static pages without any script. The cookie only names
/// products and quantities; every price and stock figure is read from the database when shown,
/// and checkout re-prices everything, so a tampered cookie can change nothing but its owner's cart.
/// Format: "store:product*qty,product*qty|store:…" with GUIDs in "N" form (about 2 KB for 50 lines).
/// </summary>
public static class CartCookie
{
    public const string Name = "qc.cart";

    /// <summary>Most stores with a cart at once, and most lines overall (cookie size stays under 4 KB).</summary>
    public const int MaxStores = 3;

    public const int MaxLines = 60;

    public const int MaxQuantity = 50;

    /// <summary>Reads the carts; anything unreadable is dropped rather than failing the page.</summary>
    public static Dictionary<Guid, Dictionary<Guid, int>> Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var carts = new Dictionary<Guid, Dictionary<Guid, int>>();
        var raw = request.Cookies[Name];
        if (string.IsNullOrEmpty(raw))
        {
            return carts;
        }

        foreach (var storePart in raw.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = storePart.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !Guid.TryParseExact(storePart[..colon], "N", out var storeId))
            {
                continue;
            }

            var lines = new Dictionary<Guid, int>();
            foreach (var linePart in storePart[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var star = linePart.IndexOf('*', StringComparison.Ordinal);
                if (star > 0
                    && Guid.TryParseExact(linePart[..star], "N", out var productId)
                    && int.TryParse(linePart[(star + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var qty)
                    && qty is > 0 and <= MaxQuantity)
                {
                    lines[productId] = qty;
                }
            }

            if (lines.Count > 0 && carts.Count < MaxStores)
            {
                carts[storeId] = lines;
            }
        }

        return carts;
    }

    public static void Write(HttpResponse response, Dictionary<Guid, Dictionary<Guid, int>> carts)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(carts);
        var text = new StringBuilder();
        foreach (var (storeId, lines) in carts.Where(c => c.Value.Count > 0).Take(MaxStores))
        {
            if (text.Length > 0)
            {
                text.Append('|');
            }

            text.Append(storeId.ToString("N")).Append(':');
            text.AppendJoin(',', lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key:N}*{l.Value}")));
        }

        if (text.Length == 0)
        {
            response.Cookies.Delete(Name);
            return;
        }

        response.Cookies.Append(Name, text.ToString(), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
        });
    }

    /// <summary>Why a change was refused, as a short code the cart page turns into words.</summary>
    public const string TooManyStores = "too-many-stores";

    public const string TooManyLines = "too-many-lines";

    /// <summary>Words for a refusal code; null for anything else (codes arrive in the query string).</summary>
    public static string? Explain(string? code) => code switch
    {
        TooManyStores => $"You have carts at {MaxStores} shops already. Check out or empty one first.",
        TooManyLines => $"A cart can hold {MaxLines} different items.",
        _ => null,
    };

    /// <summary>Sets a line's quantity (0 removes it); returns a refusal code when a limit stops it.</summary>
    public static string? SetQuantity(Dictionary<Guid, Dictionary<Guid, int>> carts, Guid storeId, Guid productId, int quantity)
    {
        ArgumentNullException.ThrowIfNull(carts);
        if (!carts.TryGetValue(storeId, out var lines))
        {
            if (quantity <= 0)
            {
                return null;
            }

            if (carts.Count >= MaxStores)
            {
                return TooManyStores;
            }

            lines = [];
            carts[storeId] = lines;
        }

        if (quantity <= 0)
        {
            lines.Remove(productId);
            if (lines.Count == 0)
            {
                carts.Remove(storeId);
            }

            return null;
        }

        if (!lines.ContainsKey(productId) && carts.Values.Sum(l => l.Count) >= MaxLines)
        {
            return TooManyLines;
        }

        lines[productId] = Math.Min(quantity, MaxQuantity);
        return null;
    }
}
