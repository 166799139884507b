using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// One app on one database for the whole matrix, with one account per <see cref="Caller"/> made
/// once (password hashing is what costs), each holding an access token and a page cookie.
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    private readonly Dictionary<Caller, (ApplicationUser User, string AccessToken, string Cookie)> _callers = [];
    private TestDatabase _database = null!;

    public QuickCommerceApp App { get; private set; } = null!;

    /// <summary>Follows no redirects and keeps no cookies: every request says exactly who sends it.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>An approved store, for /stores/{id}.</summary>
    public Guid StoreId { get; private set; }

    /// <summary>A product of that store, priced above its minimum order, with stock for every order the matrix places.</summary>
    public Guid ProductId { get; private set; }

    /// <summary>The customer's first saved address, which no row deletes: its list must show it, another customer's must not.</summary>
    public Guid CustomerHomeAddressId { get; private set; }

    /// <summary>An order of the customer's that the matrix only reads.</summary>
    public Guid CustomerFirstOrderId { get; private set; }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var store = DemoShop.Store("Matrix Kirana");
        var product = DemoShop.Product(store, "Matrix Atta", pricePaise: 12000, mrpPaise: 12000, stock: 1000);
        await using (var db = _database.NewContext())
        {
            db.Stores.Add(store);
            db.Products.Add(product);
            await db.SaveChangesAsync();
        }

        StoreId = store.Id;
        ProductId = product.Id;
        App = new QuickCommerceApp(_database);
        Client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        (Caller Caller, string Role, ApprovalStatus Approval)[] accounts =
        [
            (Caller.Customer, Roles.Customer, ApprovalStatus.Approved),
            (Caller.Merchant, Roles.Merchant, ApprovalStatus.Approved),
            (Caller.PendingMerchant, Roles.Merchant, ApprovalStatus.Pending),
            (Caller.Rider, Roles.Rider, ApprovalStatus.Approved),
            (Caller.PendingRider, Roles.Rider, ApprovalStatus.Pending),
            (Caller.Admin, Roles.Admin, ApprovalStatus.Approved),

            // Suspended from the start, so its credentials carry the current security stamp: only the
            // suspension itself can be what shuts it out.
            (Caller.SuspendedCustomer, Roles.Customer, ApprovalStatus.Suspended),
            (Caller.OtherCustomer, Roles.Customer, ApprovalStatus.Approved),
        ];
        foreach (var (caller, role, approval) in accounts)
        {
            var user = await TestAccounts.CreateAsync(App, role, approval);
            using var client = await TestAccounts.ClientForAsync(App, user);
            _callers[caller] = (user, client.DefaultRequestHeaders.Authorization!.Parameter!, await CookieForAsync(user.Id));
        }

        // The approved merchant runs the matrix's store, so its order moves have a shop of their own to act in.
        await using (var db = _database.NewContext())
        {
            await db.Stores.Where(s => s.Id == StoreId)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.OwnerId, IdOf(Caller.Merchant)));
        }

        CustomerHomeAddressId = await NewAddressAsync(Caller.Customer, "Home");
        await NewAddressAsync(Caller.OtherCustomer, "Home");
        CustomerFirstOrderId = await NewOrderAsync(Caller.Customer);
    }

    public async Task DisposeAsync()
    {
        // Null when InitializeAsync failed part-way; its error is the one worth reading.
        Client?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    public Guid IdOf(Caller caller) => _callers[caller].User.Id;

    public string AccessTokenOf(Caller caller) => _callers[caller].AccessToken;

    public string CookieOf(Caller caller) => _callers[caller].Cookie;

    /// <summary>The caller's own email; the admin's for <see cref="Caller.Anonymous"/>, who has none.</summary>
    public string EmailOf(Caller caller) => _callers[caller == Caller.Anonymous ? Caller.Admin : caller].User.Email!;

    /// <summary>
    /// A fresh account to act on, without a password (hashing one costs ~100 ms and nobody signs in as it),
    /// so each caller of a state-changing admin endpoint has its own target and sees no other caller's effect.
    /// </summary>
    public async Task<Guid> NewTargetAccountAsync(string role, ApprovalStatus approval) =>
        (await TestAccounts.CreateWithoutPasswordAsync(App.Services, role, approval, fullName: $"Target {role}")).Id;

    public async Task<ApprovalStatus> ApprovalOfAsync(Guid accountId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByIdAsync(accountId.ToString()))!.Approval;
    }

    /// <summary>Saves an address through the API as <paramref name="owner"/>, as the customer app would.</summary>
    public async Task<Guid> NewAddressAsync(Caller owner, string label)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/addresses")
        {
            Content = JsonContent.Create(AddressBody(label)),
        };
        request.Headers.Authorization = new("Bearer", AccessTokenOf(owner));
        using var response = await Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"Saving an address as {owner} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        return saved.GetProperty("id").GetGuid();
    }

    /// <summary>The owner's saved addresses as the API lists them: id → is default.</summary>
    public async Task<Dictionary<Guid, bool>> AddressesOfAsync(Caller owner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me/addresses");
        request.Headers.Authorization = new("Bearer", AccessTokenOf(owner));
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return list.EnumerateArray().ToDictionary(a => a.GetProperty("id").GetGuid(), a => a.GetProperty("isDefault").GetBoolean());
    }

    /// <summary>
    /// A fresh product of the matrix store (which the merchant runs): 10 in stock, ₹40 (MRP ₹50), version 1.
    /// Rows that change a product give each caller its own, so no call sees another's effect.
    /// </summary>
    public async Task<Guid> NewProductAsync()
    {
        var product = new QuickCommerce.Core.Catalog.Product(
            Guid.NewGuid(), StoreId, 3, $"Matrix Dal {Guid.NewGuid():N}", "दाल (dal)", "Tata", "1 kg",
            new QuickCommerce.Core.Common.Money(4000), new QuickCommerce.Core.Common.Money(5000), 10, null);
        await using var db = _database.NewContext();
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    }

    /// <summary>The product's price, stock, listing and version, straight from the database.</summary>
    public async Task<(long PricePaise, int Stock, bool IsActive, int Version)> ProductStateAsync(Guid productId)
    {
        await using var db = _database.NewContext();
        var product = await db.Products.AsNoTracking().Where(p => p.Id == productId)
            .Select(p => new { p.PricePaise, p.Stock, p.IsActive, p.Version }).SingleAsync();
        return (product.PricePaise, product.Stock, product.IsActive, product.Version);
    }

    /// <summary>Places a one-line cash-on-delivery order through the API as <paramref name="owner"/>, delivered to its default address.</summary>
    public async Task<Guid> NewOrderAsync(Caller owner) =>
        await NewOrderAsync(owner, (await AddressesOfAsync(owner)).Single(a => a.Value).Key, qty: 1);

    /// <summary>Places a cash-on-delivery order of <paramref name="qty"/> of the matrix's product through the API as <paramref name="owner"/>.</summary>
    public async Task<Guid> NewOrderAsync(Caller owner, Guid addressId, int qty)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(OrderBody(addressId, qty)) };
        request.Headers.Authorization = new("Bearer", AccessTokenOf(owner));
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException(
                $"Placing an order as {owner} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A fresh order of the customer's that the store's merchant has accepted.</summary>
    public async Task<Guid> NewAcceptedOrderAsync()
    {
        var id = await NewOrderAsync(Caller.Customer);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/accept");
        request.Headers.Authorization = new("Bearer", AccessTokenOf(Caller.Merchant));
        using var response = await Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"Accepting order {id} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return id;
    }

    /// <summary>A fresh order of the customer's that the store's merchant has accepted and packed.</summary>
    public async Task<Guid> NewPackedOrderAsync()
    {
        var id = await NewAcceptedOrderAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{id}/pack");
        request.Headers.Authorization = new("Bearer", AccessTokenOf(Caller.Merchant));
        using var response = await Client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"Packing order {id} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return id;
    }

    /// <summary>A fresh approved rider account (no password) made one of the matrix store's own riders.</summary>
    public async Task<Guid> NewShopRiderAsync()
    {
        var riderId = await NewTargetAccountAsync(Roles.Rider, ApprovalStatus.Approved);
        await using var db = _database.NewContext();
        db.StoreRiders.Add(new Core.Delivery.StoreRider(StoreId, riderId, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return riderId;
    }

    /// <summary>The order's status as its owner sees it ("Placed", "Cancelled", …).</summary>
    public async Task<string> OrderStatusAsync(Caller owner, Guid orderId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{orderId}");
        request.Headers.Authorization = new("Bearer", AccessTokenOf(owner));
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("order").GetProperty("status").GetString()!;
    }

    /// <summary>A POST /api/v1/orders body: one of <see cref="ProductId"/>, cash on delivery, to a saved address.</summary>
    public object OrderBody(Guid addressId, int qty = 1) => new
    {
        storeId = StoreId,
        lines = new[] { new { productId = ProductId, qty } },
        addressId,
        paymentMethod = "cod",
    };

    public static object AddressBody(string label) => new
    {
        label,
        addressText = "4th Cross, HAL 2nd Stage, Indiranagar, Bengaluru 560038",
        latitude = DemoShop.Indiranagar.Latitude,
        longitude = DemoShop.Indiranagar.Longitude,
    };

    /// <summary>
    /// The Identity cookie a browser would hold after signing in, made with the app's own principal
    /// factory and data protection (the sign-in form's throttle and antiforgery are not what is tested here).
    /// </summary>
    private async Task<string> CookieForAsync(Guid userId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = (await services.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(userId.ToString()))!;
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(
            principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }
}
