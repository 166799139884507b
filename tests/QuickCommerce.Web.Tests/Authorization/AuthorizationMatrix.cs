using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Images;
using static QuickCommerce.Web.Tests.Authorization.Outcome;

namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// Who may call what: one row per endpoint and page route of the app, one column per caller.
/// A new endpoint fails <c>Every_endpoint_has_a_row_in_the_matrix</c> until it has a row here.
/// SignIn = 401 for API and bearer callers, else a redirect to /account/signin;
/// Denied = 403 for API and bearer callers, else a redirect to /account/denied.
/// </summary>
public static class AuthorizationMatrix
{
    private const string Reason = "Documents did not match the application.";

    public static IReadOnlyList<MatrixRow> Rows(AuthorizationMatrixFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);

        // What /auth/token and /auth/refresh answer for a wrong password or a dead refresh token, whoever asks.
        var refused = Status(401);
        return
        [
            //                                                 Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
            // Probes for the load balancer: nothing in them is private.
            new("ANY",    "/health/live",                      Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("ANY",    "/health/ready",                     Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),

            // Pages anyone may see; a suspended account's credentials are ignored, not refused.
            new("GET",    "/",                                 Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/stores/{Id:guid}",                 Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok)
            {
                PathFor = _ => Task.FromResult($"/stores/{fixture.StoreId}"),
            },
            new("GET",    "/account/signin",                   Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/account/signup",                   Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/account/signup/merchant",          Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/account/signup/rider",             Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/account/denied",                   Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/not-found",                        Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/error",                            Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),
            new("GET",    "/search",                           Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok)
            {
                PathFor = _ => Task.FromResult($"/search?q=atta&storeId={fixture.StoreId}"),
            },
            new("GET",    "/cart",                             Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok),

            // The cart's form posts bind the form, so antiforgery is checked: without the page's token, nothing changes.
            new("POST",   "/cart/add",                         BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest)
            {
                BodyFor = _ => CartForm(fixture),
            },
            new("POST",   "/cart/set",                         BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest)
            {
                BodyFor = _ => CartForm(fixture),
            },

            // Any signed-in account that is not suspended, approved or not (a pending merchant must see where it stands).
            // The live hub: any signed-in account; what each may hear is decided per group (LiveAccess, tested
            // in LiveEventsAcrossInstancesTests). A plain GET without a connection id or upgrade is a bad request.
            new("ANY",    "/hubs/live",                        SignIn,    BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, SignIn),
            new("ANY",    "/hubs/live/negotiate",              SignIn,    Status(405), Status(405), Status(405), Status(405), Status(405), Status(405), SignIn),
            new("GET",    "/account/pending",                  SignIn,    Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        SignIn),
            new("GET",    "/account/password",                 SignIn,    Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        SignIn),
            new("GET",    "/inbox",                            SignIn,    Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        SignIn),

            // One role's pages; merchants and riders only once approved.
            new("GET",    "/account/addresses",                SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn),
            new("GET",    "/checkout/{StoreId:guid}",          SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
            {
                PathFor = _ => Task.FromResult($"/checkout/{fixture.StoreId}"),
            },
            new("GET",    "/orders",                           SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn),
            new("GET",    "/orders/{Id:guid}",                 SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
            {
                // Another customer's order page is not found, not forbidden: its existence is nobody else's business.
                OtherCustomer = NotFound,
                PathFor = _ => Task.FromResult($"/orders/{fixture.CustomerFirstOrderId}"),
            },
            new("GET",    "/merchant",                         SignIn,    Denied,   Ok,       Denied,   Denied,   Denied,   Denied,    SignIn),
            new("GET",    "/merchant/settings",                SignIn,    Denied,   Ok,       Denied,   Denied,   Denied,   Denied,    SignIn),
            new("GET",    "/merchant/today",                   SignIn,    Denied,   Ok,       Denied,   Denied,   Denied,   Denied,    SignIn),
            new("GET",    "/merchant/inventory",               SignIn,    Denied,   Ok,       Denied,   Denied,   Denied,   Denied,    SignIn),
            new("GET",    "/rider",                            SignIn,    Denied,   Denied,   Denied,   Ok,       Denied,   Denied,    SignIn),
            new("GET",    "/admin/accounts",                   SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   Ok,        SignIn),

            // The dashboards' sign-out form. Without the form's antiforgery token nobody is signed out:
            // otherwise any site could sign our users out with a hidden form.
            new("POST",   "/account/signout",                  BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest, BadRequest)
            {
                BodyFor = _ => new FormUrlEncodedContent([]),
            },

            // Public API.
            //                                                 Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
            new("GET",    "/api/v1/stores/nearby",             Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok)
            {
                PathFor = _ => Task.FromResult(FormattableString.Invariant(
                    $"/api/v1/stores/nearby?lat={DemoShop.Indiranagar.Latitude}&lng={DemoShop.Indiranagar.Longitude}")),
            },
            new("GET",    "/api/v1/search",                    Ok,        Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        Ok)
            {
                PathFor = _ => Task.FromResult(FormattableString.Invariant(
                    $"/api/v1/search?q=atta&lat={DemoShop.Indiranagar.Latitude}&lng={DemoShop.Indiranagar.Longitude}")),
            },

            // Signing in and out needs no credentials, and what a caller already holds changes nothing.
            // Each caller tries its own login (the anonymous one the admin's), so no account nears the lockout.
            new("POST",   "/api/v1/auth/token",                refused,   refused,  refused,  refused,  refused,  refused,  refused,   refused)
            {
                BodyFor = caller => JsonContent.Create(new { login = fixture.EmailOf(caller), password = "Wrong@12345" }),
            },
            new("POST",   "/api/v1/auth/refresh",              refused,   refused,  refused,  refused,  refused,  refused,  refused,   refused)
            {
                BodyFor = _ => JsonContent.Create(new { refreshToken = "not-a-refresh-token" }),
            },
            new("POST",   "/api/v1/auth/logout",               NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, NoContent)
            {
                BodyFor = _ => JsonContent.Create(new { refreshToken = "not-a-refresh-token" }),
            },
            new("GET",    "/api/v1/auth/me",                   SignIn,    Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        SignIn)
            {
                Verify = async (caller, _, response) =>
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        return null;
                    }

                    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                    return id == fixture.IdOf(caller) ? null : $"/me answered account {id}, not the caller's {fixture.IdOf(caller)}";
                },
            },
            .. AddressRows(fixture),
            .. OrderRows(fixture),
            .. MerchantOrderRows(fixture),
            .. OrderChangesMatrixRows.Rows(fixture),
            .. StoreSettingsMatrixRows.Rows(fixture),
            .. InventoryRows(fixture),
            .. RiderAssignmentRows(fixture),
            .. PushRows(fixture),
            .. InboxRows(fixture),
            .. ImageRows(fixture),

            // Admins only.
            new("GET",    "/api/v1/admin/accounts/",           SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   Ok,        SignIn),
            Moderation(fixture, "approve", Roles.Merchant, ApprovalStatus.Pending, ApprovalStatus.Approved, reason: false),
            Moderation(fixture, "reject", Roles.Rider, ApprovalStatus.Pending, ApprovalStatus.Rejected, reason: true),
            Moderation(fixture, "suspend", Roles.Customer, ApprovalStatus.Approved, ApprovalStatus.Suspended, reason: true),
            Moderation(fixture, "reinstate", Roles.Merchant, ApprovalStatus.Suspended, ApprovalStatus.Approved, reason: false),
            .. JobQueueRows(fixture),
        ];
    }

    /// <summary>
    /// The job queue's admin API. Each caller retries or discards a dead letter of its own, so no call
    /// sees another's effect; afterwards only the admin's has left the dead letters. The app's worker
    /// runs, so the admin's retried job (whose type nobody handles) may be dead again by the time it is
    /// looked at — but with its attempts started over.
    /// </summary>
    private static IEnumerable<MatrixRow> JobQueueRows(AuthorizationMatrixFixture fixture)
    {
        const string DeadLetters = "/api/v1/admin/jobs/dead-letters";

        async Task<string?> Untouched(Caller caller, string path, bool gone)
        {
            var job = await Operations.JobRows.FindAsync(fixture.App.Database, IdIn(path));
            return (caller == Caller.Admin, job) switch
            {
                (true, null) when gone => null,
                (true, { Attempts: < Job.DefaultMaxAttempts }) when !gone => null,
                (true, _) => $"the admin's dead letter is {Describe(job)}",
                (false, { Status: JobStatus.DeadLettered, Attempts: Job.DefaultMaxAttempts }) => null,
                (false, _) => $"{caller}'s target dead letter is {Describe(job)}",
            };
        }

        static string Describe(Job? job) => job is null ? "gone" : $"{job.Status} after {job.Attempts} attempts";

        //                                                                Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",    DeadLetters,                          SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   Ok,        SignIn);
        yield return new("POST",   $"{DeadLetters}/{{id:guid}}/retry",   SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   NoContent, SignIn)
        {
            PathFor = async _ => $"{DeadLetters}/{await Operations.JobRows.DeadLetteredAsync(fixture.App.Database, type: "test.matrix")}/retry",
            Verify = (caller, path, _) => Untouched(caller, path, gone: false),
        };
        yield return new("DELETE", $"{DeadLetters}/{{id:guid}}",         SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   NoContent, SignIn)
        {
            PathFor = async _ => $"{DeadLetters}/{await Operations.JobRows.DeadLetteredAsync(fixture.App.Database, type: "test.matrix")}",
            Verify = (caller, path, _) => Untouched(caller, path, gone: true),
        };
        yield return new("GET",    "/api/v1/admin/jobs/metrics",         SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   Ok,        SignIn);
    }

    /// <summary>
    /// A customer's saved addresses: only customers, and each only their own. The customer acts on a
    /// fresh address of its own; everyone else (including <see cref="Caller.OtherCustomer"/>) aims at an
    /// address of the customer's, which must come through untouched: another's address is simply not found.
    /// </summary>
    private static IEnumerable<MatrixRow> AddressRows(AuthorizationMatrixFixture fixture)
    {
        const string Addresses = "/api/v1/me/addresses";
        var victimToMakeDefault = Once(() => fixture.NewAddressAsync(Caller.Customer, "Office"));
        var victimToDelete = Once(() => fixture.NewAddressAsync(Caller.Customer, "Gym"));

        async Task<string> AddressPath(Caller caller, Func<Task<Guid>> victim, string suffix) =>
            $"{Addresses}/{(caller == Caller.Customer ? await fixture.NewAddressAsync(Caller.Customer, "Own") : await victim())}{suffix}";

        //                                                     Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",    $"{Addresses}/",            SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(Addresses),
            Verify = async (caller, _, response) =>
            {
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }

                var listed = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
                    .Select(a => a.GetProperty("id").GetGuid()).ToList();
                var seesHome = listed.Contains(fixture.CustomerHomeAddressId);
                return (caller, seesHome) switch
                {
                    (Caller.Customer, false) => "the customer's own home address is missing from its list",
                    (Caller.OtherCustomer, true) => "another customer's home address is in the list",
                    _ => null,
                };
            },
        };
        yield return new("POST",   $"{Addresses}/",            SignIn,    Created,  Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(Addresses),
            BodyFor = caller => JsonContent.Create(AuthorizationMatrixFixture.AddressBody($"By {caller}")),
        };
        yield return new("PUT",    $"{Addresses}/{{id:guid}}/default", SignIn, NoContent, Denied, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = caller => AddressPath(caller, victimToMakeDefault, "/default"),
            Verify = async (caller, path, _) =>
            {
                var addresses = await fixture.AddressesOfAsync(Caller.Customer);
                var id = IdIn(path);
                return (caller == Caller.Customer, addresses.GetValueOrDefault(id)) switch
                {
                    (true, false) => "the customer's own address did not become its default",
                    (false, true) => $"{caller} made the customer's address {id} its default",
                    _ => null,
                };
            },
        };
        yield return new("DELETE", $"{Addresses}/{{id:guid}}", SignIn,    NoContent, Denied,  Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = caller => AddressPath(caller, victimToDelete, string.Empty),
            Verify = async (caller, path, _) =>
            {
                var exists = (await fixture.AddressesOfAsync(Caller.Customer)).ContainsKey(IdIn(path));
                return (caller == Caller.Customer, exists) switch
                {
                    (true, true) => "the customer's own address is still there",
                    (false, false) => $"{caller} deleted the customer's address",
                    _ => null,
                };
            },
        };
    }

    /// <summary>
    /// Web Push devices: any signed-in account, each only its own. Every caller subscribes a fresh
    /// device of its own; a delete aims at the caller's own device, except <see cref="Caller.OtherCustomer"/>'s,
    /// which aims at one of the customer's that must still be there afterwards. The endpoints are on a
    /// loopback port nobody listens on, so a push that some flow sends to them fails at once.
    /// </summary>
    private static IEnumerable<MatrixRow> PushRows(AuthorizationMatrixFixture fixture)
    {
        const string Subscriptions = "/api/v1/push/subscriptions";
        static string NewEndpoint() => $"https://127.0.0.1:1/matrix/{Guid.NewGuid():N}";
        Task<string>? customersDevice = null;

        async Task<string> SubscribeAsync(Caller owner)
        {
            var endpoint = NewEndpoint();
            using var request = new HttpRequestMessage(HttpMethod.Post, Subscriptions)
            {
                Content = JsonContent.Create(Notifications.TestBrowser.NewSubscription(endpoint)),
            };
            request.Headers.Authorization = new("Bearer", fixture.AccessTokenOf(owner));
            using var response = await fixture.Client.SendAsync(request);
            if (response.StatusCode != System.Net.HttpStatusCode.Created)
            {
                throw new InvalidOperationException(
                    $"Subscribing a device as {owner} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return endpoint;
        }

        async Task<bool> ExistsAsync(string path)
        {
            var endpoint = Uri.UnescapeDataString(path[(path.IndexOf("endpoint=", StringComparison.Ordinal) + "endpoint=".Length)..]);
            await using var db = fixture.App.Database.NewContext();
            return await db.PushSubscriptions.AnyAsync(s => s.Endpoint == endpoint);
        }

        //                                                                Anonymous  Customer  Merchant   PendingM   Rider      PendingR   Admin      Suspended
        yield return new("GET",    "/api/v1/push/public-key",            SignIn,    Ok,       Ok,        Ok,        Ok,        Ok,        Ok,        SignIn);
        yield return new("POST",   Subscriptions,                        SignIn,    Created,  Created,   Created,   Created,   Created,   Created,   SignIn)
        {
            BodyFor = _ => JsonContent.Create(Notifications.TestBrowser.NewSubscription(NewEndpoint())),
        };
        yield return new("DELETE", Subscriptions,                        SignIn,    NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = async caller =>
            {
                // Callers refused before the handler need no device: the customer's stands in.
                var endpoint = caller is Caller.Anonymous or Caller.SuspendedCustomer or Caller.OtherCustomer
                    ? await (customersDevice ??= SubscribeAsync(Caller.Customer))
                    : await SubscribeAsync(caller);
                return $"{Subscriptions}?endpoint={Uri.EscapeDataString(endpoint)}";
            },
            Verify = async (caller, path, response) =>
            {
                var exists = await ExistsAsync(path);
                return (response.StatusCode == System.Net.HttpStatusCode.NoContent, exists) switch
                {
                    (true, true) => $"{caller}'s own device is still there",
                    (false, false) => $"{caller} deleted the customer's device",
                    _ => null,
                };
            },
        };
    }

    /// <summary>
    /// A shop's side of orders: only the approved merchant who runs the store. Each move aims at a
    /// fresh order, so one caller's call cannot change what the next one sees.
    /// </summary>
    /// <summary>
    /// A shop's inventory: only the approved merchant who runs the store. Each change aims at a fresh
    /// product of the store, and afterwards only the merchant's call has changed it. (GET …/export.csv
    /// looks like a file to <see cref="AppEndpoints"/>, so its row is in InventoryApiTests.)
    /// </summary>
    private static IEnumerable<MatrixRow> InventoryRows(AuthorizationMatrixFixture fixture)
    {
        const string Inventory = "/api/v1/merchant/inventory";
        const string Csv = "name,hindi_name,brand,unit,price,mrp,stock,category,barcode\n";

        Func<Caller, string, HttpResponseMessage, Task<string?>> Changed(Func<(long PricePaise, int Stock, bool IsActive, int Version), bool> changed) =>
            async (caller, path, response) =>
            {
                var state = await fixture.ProductStateAsync(IdIn(path));
                return (response.IsSuccessStatusCode, changed(state)) switch
                {
                    (true, false) => $"{caller}'s call succeeded but the product is {state}",
                    (false, true) => $"{caller} was refused but changed the product to {state}",
                    _ => null,
                };
            };

        static StringContent CsvBody(string rows) => new(Csv + rows, System.Text.Encoding.UTF8, "text/csv");

        //                                                                           Anonymous  Customer  Merchant   PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",  $"{Inventory}/",                                    SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult($"{Inventory}?search=dal&lowStock=false"),
        };
        yield return new("GET",  $"{Inventory}/categories",                          SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn);
        yield return new("POST", $"{Inventory}/products",                            SignIn,    Denied,   Created,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            BodyFor = caller => JsonContent.Create(new { name = $"Matrix Rice by {caller}", unit = "5 kg", pricePaise = 30000, mrpPaise = 32000, categoryId = 2, stock = 4 }),
        };
        yield return new("GET",  $"{Inventory}/products/{{id:guid}}",                SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult($"{Inventory}/products/{fixture.ProductId}"),
        };
        yield return new("PUT",  $"{Inventory}/products/{{id:guid}}",                SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"{Inventory}/products/{await fixture.NewProductAsync()}",
            BodyFor = _ => JsonContent.Create(new { name = "Matrix Dal", unit = "1 kg", pricePaise = 4500, mrpPaise = 5000, categoryId = 3, version = 1 }),
            Verify = Changed(state => state.PricePaise == 4500),
        };
        yield return new("PUT",  $"{Inventory}/products/{{id:guid}}/active",         SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"{Inventory}/products/{await fixture.NewProductAsync()}/active",
            BodyFor = _ => JsonContent.Create(new { active = false, version = 1 }),
            Verify = Changed(state => !state.IsActive),
        };
        yield return new("POST", $"{Inventory}/products/{{id:guid}}/adjust",         SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"{Inventory}/products/{await fixture.NewProductAsync()}/adjust",
            BodyFor = _ => JsonContent.Create(new { delta = 5, reason = "Received" }),
            Verify = Changed(state => state.Stock == 15),
        };
        yield return new("GET",  $"{Inventory}/products/{{id:guid}}/ledger",         SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult($"{Inventory}/products/{fixture.ProductId}/ledger"),
        };
        yield return new("POST", $"{Inventory}/import/preview",                      SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            BodyFor = caller => CsvBody($"Matrix Poha by {caller},,Tata,500 g,40,45,3,rice-grains,\n"),
        };
        yield return new("POST", $"{Inventory}/import",                              SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            BodyFor = caller => CsvBody($"Matrix Sooji by {caller},,Tata,500 g,40,45,3,atta-flours,\n"),
        };
    }

    private static IEnumerable<MatrixRow> MerchantOrderRows(AuthorizationMatrixFixture fixture)
    {
        //                                                               Anonymous  Customer  Merchant   PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",  "/api/v1/merchant/orders",              SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn);
        yield return new("POST", "/api/v1/orders/{id:guid}/accept",      SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"/api/v1/orders/{await fixture.NewOrderAsync(Caller.Customer)}/accept",
        };
        yield return new("POST", "/api/v1/orders/{id:guid}/reject",      SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"/api/v1/orders/{await fixture.NewOrderAsync(Caller.Customer)}/reject",
            BodyFor = _ => JsonContent.Create(new { reason = "Out of atta today." }),
        };
        yield return new("POST", "/api/v1/orders/{id:guid}/pack",        SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"/api/v1/orders/{await fixture.NewAcceptedOrderAsync()}/pack",
        };
        yield return new("POST", "/api/v1/orders/{id:guid}/acknowledge", SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ => $"/api/v1/orders/{await fixture.NewOrderAsync(Caller.Customer)}/acknowledge",
        };
    }

    /// <summary>
    /// Rider assignment and the shop's own riders: only the approved merchant who runs the store. The
    /// merchant acts on a fresh packed order (or rider) of its own each time; everyone else aims at one
    /// packed order, and one own rider, that must come through untouched.
    /// </summary>
    private static IEnumerable<MatrixRow> RiderAssignmentRows(AuthorizationMatrixFixture fixture)
    {
        const string Riders = "/api/v1/merchant/riders";
        var victimOrder = Once(fixture.NewPackedOrderAsync);
        var victimRider = Once(fixture.NewShopRiderAsync);
        Guid? riderForMerchant = null;
        string? emailForMerchant = null;

        async Task<string> OrderPath(Caller caller, string action, Func<Task<Guid>>? mine = null) =>
            $"/api/v1/orders/{(caller == Caller.Merchant ? await (mine ?? fixture.NewPackedOrderAsync)() : await victimOrder())}/{action}";

        async Task<string?> VictimUntouched(Caller caller, string path)
        {
            if (caller == Caller.Merchant)
            {
                return null;
            }

            await using var db = fixture.App.Database.NewContext();
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == IdIn(path)).Select(o => new { o.Status, o.RiderId }).SingleAsync();
            var offers = await db.RiderOffers.CountAsync(o => o.OrderId == IdIn(path));
            return order.Status == Core.Ordering.OrderStatus.Packed && order.RiderId is null && offers == 0
                ? null
                : $"{caller} changed the merchant's packed order: {order.Status}, rider {order.RiderId}, {offers} offers";
        }

        async Task<Guid> AssignedOrderAsync()
        {
            var orderId = await fixture.NewPackedOrderAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/assign")
            {
                Content = JsonContent.Create(new { riderId = await fixture.NewShopRiderAsync() }),
            };
            request.Headers.Authorization = new("Bearer", fixture.AccessTokenOf(Caller.Merchant));
            using var response = await fixture.Client.SendAsync(request);
            return response.StatusCode == System.Net.HttpStatusCode.OK
                ? orderId
                : throw new InvalidOperationException($"Assigning order {orderId} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        //                                                                       Anonymous  Customer  Merchant   PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",    "/api/v1/orders/{id:guid}/rider-candidates", SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = caller => OrderPath(caller, "rider-candidates"),
        };
        yield return new("POST",   "/api/v1/orders/{id:guid}/assign",         SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async caller =>
            {
                riderForMerchant = caller == Caller.Merchant ? await fixture.NewShopRiderAsync() : Guid.NewGuid();
                return await OrderPath(caller, "assign");
            },
            BodyFor = _ => JsonContent.Create(new { riderId = riderForMerchant }),
            Verify = (caller, path, _) => VictimUntouched(caller, path),
        };
        yield return new("POST",   "/api/v1/orders/{id:guid}/offer",          SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = caller => OrderPath(caller, "offer"),
            Verify = (caller, path, _) => VictimUntouched(caller, path),
        };
        yield return new("POST",   "/api/v1/orders/{id:guid}/unassign",       SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = caller => OrderPath(caller, "unassign", AssignedOrderAsync),
            BodyFor = _ => JsonContent.Create(new { reason = "Rider's bike broke down." }),
            Verify = (caller, path, _) => VictimUntouched(caller, path),
        };
        yield return new("GET",    $"{Riders}/",                                 SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(Riders),
        };
        yield return new("POST",   $"{Riders}/",                                 SignIn,    Denied,   Created,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async caller =>
            {
                emailForMerchant = "nobody@test.in";
                if (caller == Caller.Merchant)
                {
                    var riderId = await fixture.NewTargetAccountAsync(Roles.Rider, ApprovalStatus.Approved);
                    await using var db = fixture.App.Database.NewContext();
                    emailForMerchant = await db.Users.Where(u => u.Id == riderId).Select(u => u.Email).SingleAsync();
                }

                return Riders;
            },
            BodyFor = _ => JsonContent.Create(new { phoneOrEmail = emailForMerchant }),
        };
        yield return new("DELETE", $"{Riders}/{{riderId:guid}}",                 SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async caller => $"{Riders}/{(caller == Caller.Merchant ? await fixture.NewShopRiderAsync() : await victimRider())}",
            Verify = async (caller, path, _) =>
            {
                await using var db = fixture.App.Database.NewContext();
                var stillOwn = await db.StoreRiders.AnyAsync(r => r.StoreId == fixture.StoreId && r.RiderId == IdIn(path));
                return (caller == Caller.Merchant, stillOwn) switch
                {
                    (true, true) => "the merchant's rider is still on the shop's list",
                    (false, false) => $"{caller} removed the shop's rider",
                    _ => null,
                };
            },
        };
    }

    /// <summary>
    /// A customer's orders: only customers, and each only their own. Reads aim at an order of the
    /// customer's; a cancel by the customer aims at a fresh order of its own, and by anyone else at one
    /// order of the customer's that must still be placed afterwards. Checkout names the customer's saved
    /// address, which another customer cannot deliver to.
    /// </summary>
    private static IEnumerable<MatrixRow> OrderRows(AuthorizationMatrixFixture fixture)
    {
        const string Orders = "/api/v1/orders";
        var victimToCancel = Once(() => fixture.NewOrderAsync(Caller.Customer));

        //                                                     Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
        yield return new("POST",   Orders,                     SignIn,    Created,  Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = Status(422),
            BodyFor = _ => JsonContent.Create(fixture.OrderBody(fixture.CustomerHomeAddressId)),
            AddHeaders = request => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()),
        };
        yield return new("GET",    $"{Orders}/",               SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(Orders),
            Verify = async (caller, _, response) =>
            {
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }

                var listed = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
                    .Select(o => o.GetProperty("id").GetGuid()).ToList();
                return (caller, listed.Contains(fixture.CustomerFirstOrderId)) switch
                {
                    (Caller.Customer, false) => "the customer's own order is missing from its history",
                    (Caller.OtherCustomer, true) => "another customer's order is in the history",
                    _ => null,
                };
            },
        };
        yield return new("GET",    $"{Orders}/{{id:guid}}",    SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = _ => Task.FromResult($"{Orders}/{fixture.CustomerFirstOrderId}"),
        };
        yield return new("POST",   $"{Orders}/{{id:guid}}/cancel", SignIn, NoContent, Denied, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = async caller => $"{Orders}/{(caller == Caller.Customer ? await fixture.NewOrderAsync(Caller.Customer) : await victimToCancel())}/cancel",
            Verify = async (caller, path, _) =>
            {
                var expected = caller == Caller.Customer ? "Cancelled" : "Placed";
                var actual = await fixture.OrderStatusAsync(Caller.Customer, IdIn(path));
                return actual == expected ? null : $"the order is {actual}, expected {expected}";
            },
        };
    }

    /// <summary>
    /// Photos: anyone may fetch a stored one (pages show them to everyone); only the approved merchant
    /// who runs the store sets or takes down its product's and its own photo. Uploads send a real PNG,
    /// so the merchant's call stores one in the test bucket and its answer names a photo that is served.
    /// </summary>
    private static IEnumerable<MatrixRow> ImageRows(AuthorizationMatrixFixture fixture)
    {
        var productImage = $"/api/v1/merchant/inventory/products/{fixture.ProductId}/image";
        Task<string>? served = null;

        async Task<string> StoredPhotoAsync()
        {
            var images = fixture.App.Services.GetRequiredService<ImageStore>();
            var stored = await images.PutAsync(ImageOwner.Product, Guid.NewGuid(), new MemoryStream(TestPhotos.Png(64, 64)), null, CancellationToken.None);
            return ImageLinks.SmallOf(stored.Value ?? throw new InvalidOperationException(stored.Error!.Message));
        }

        async Task<string?> Served(Caller caller, string path, HttpResponseMessage response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var small = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("small").GetString()!;
            using var photo = await fixture.Client.GetAsync(small);
            return photo.IsSuccessStatusCode ? null : $"{caller}'s new photo {small} is not served ({(int)photo.StatusCode})";
        }

        static HttpContent Photo() => TestPhotos.Form(TestPhotos.Png(64, 64), "photo.png", "image/png");

        //                                                                              Anonymous  Customer  Merchant   PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",    "/images/{**key}",                                   Ok,        Ok,       Ok,        Ok,       Ok,       Ok,       Ok,        Ok)
        {
            PathFor = _ => served ??= StoredPhotoAsync(),
        };
        yield return new("POST",   "/api/v1/merchant/inventory/products/{id:guid}/image", SignIn,  Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(productImage),
            BodyFor = _ => Photo(),
            Verify = Served,
        };
        yield return new("DELETE", "/api/v1/merchant/inventory/products/{id:guid}/image", SignIn,  Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(productImage),
        };
        yield return new("POST",   "/api/v1/merchant/store/photo",                      SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            BodyFor = _ => Photo(),
            Verify = Served,
        };
        yield return new("DELETE", "/api/v1/merchant/store/photo",                      SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn);
    }

    /// <summary>
    /// Everyone's own inbox: any signed-in account, pending or approved, and each only its own messages.
    /// Every caller acts on a fresh message of its own, except <see cref="Caller.OtherCustomer"/> (and the
    /// anonymous caller), who aim at one of the customer's, which must stay unread: another person's
    /// message is simply not found.
    /// </summary>
    private static IEnumerable<MatrixRow> InboxRows(AuthorizationMatrixFixture fixture)
    {
        const string Inbox = "/api/v1/inbox";
        var database = fixture.App.Database;
        var customersMessage = Once(() => Notifications.InboxRows.AddAsync(database, fixture.IdOf(Caller.Customer)));
        var victimToRead = Once(() => Notifications.InboxRows.AddAsync(database, fixture.IdOf(Caller.Customer)));
        var ownBeforeReadAll = new Dictionary<Caller, Guid>();
        Guid? victimOfReadAll = null;

        Task<Guid> OwnOrVictim(Caller caller, Func<Task<Guid>> victim) =>
            caller is Caller.Anonymous or Caller.OtherCustomer ? victim() : Notifications.InboxRows.AddAsync(database, fixture.IdOf(caller));

        //                                                     Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",    $"{Inbox}/",                SignIn,    Ok,       Ok,       Ok,       Ok,       Ok,       Ok,        SignIn)
        {
            PathFor = async _ =>
            {
                await customersMessage();
                return Inbox;
            },
            Verify = async (caller, _, response) =>
            {
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }

                var listed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray()
                    .Select(m => m.GetProperty("id").GetGuid()).ToList();
                return (caller, listed.Contains(await customersMessage())) switch
                {
                    (Caller.Customer, false) => "the customer's own message is missing from its inbox",
                    (not Caller.Customer, true) => $"the customer's message is in {caller}'s inbox",
                    _ => null,
                };
            },
        };
        yield return new("POST",   $"{Inbox}/{{id:guid}}/read", SignIn,   NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = async caller => $"{Inbox}/{await OwnOrVictim(caller, victimToRead)}/read",
            Verify = async (caller, path, response) =>
            {
                var read = await Notifications.InboxRows.IsReadAsync(database, IdIn(path));
                return (response.IsSuccessStatusCode, read) switch
                {
                    (true, false) => $"{caller}'s own message is still unread",
                    (false, true) => $"{caller} marked a message read it was refused",
                    _ => null,
                };
            },
        };
        yield return new("POST",   $"{Inbox}/read-all",        SignIn,    NoContent, NoContent, NoContent, NoContent, NoContent, NoContent, SignIn)
        {
            PathFor = async caller =>
            {
                ownBeforeReadAll[caller] = await Notifications.InboxRows.AddAsync(database, fixture.IdOf(caller == Caller.Anonymous ? Caller.Customer : caller));
                if (caller == Caller.OtherCustomer)
                {
                    victimOfReadAll = await Notifications.InboxRows.AddAsync(database, fixture.IdOf(Caller.Customer));
                }

                return $"{Inbox}/read-all";
            },
            Verify = async (caller, _, response) =>
            {
                var ownRead = await Notifications.InboxRows.IsReadAsync(database, ownBeforeReadAll[caller]);
                if (ownRead != response.IsSuccessStatusCode)
                {
                    return ownRead ? $"{caller}'s refused call marked a message read" : $"{caller}'s own message is still unread";
                }

                return caller == Caller.OtherCustomer && await Notifications.InboxRows.IsReadAsync(database, victimOfReadAll!.Value)
                    ? "another customer's read-all marked the customer's message read"
                    : null;
            },
        };
    }

    /// <summary>What the store page's add-to-cart form posts, less its antiforgery token.</summary>
    private static FormUrlEncodedContent CartForm(AuthorizationMatrixFixture fixture) => new(
    [
        new("storeId", fixture.StoreId.ToString()),
        new("productId", fixture.ProductId.ToString()),
        new("qty", "1"),
    ]);

    /// <summary>
    /// An approve/reject/suspend/reinstate row. Every caller acts on its own fresh account in
    /// <paramref name="from"/>, so no call sees another's effect; afterwards only the admin's target
    /// is in <paramref name="to"/>.
    /// </summary>
    private static MatrixRow Moderation(
        AuthorizationMatrixFixture fixture, string action, string targetRole, ApprovalStatus from, ApprovalStatus to, bool reason) =>
        //                                                                Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
        new("POST", $"/api/v1/admin/accounts/{{id:guid}}/{action}",      SignIn,    Denied,   Denied,   Denied,   Denied,   Denied,   NoContent, SignIn)
        {
            PathFor = async _ => $"/api/v1/admin/accounts/{await fixture.NewTargetAccountAsync(targetRole, from)}/{action}",
            BodyFor = _ => reason ? JsonContent.Create(new { reason = Reason }) : null,
            Verify = async (caller, path, _) =>
            {
                var expected = caller == Caller.Admin ? to : from;
                var actual = await fixture.ApprovalOfAsync(IdIn(path));
                return actual == expected ? null : $"the target account is {actual}, expected {expected}";
            },
        };

    private static Guid IdIn(string path) =>
        path.Split('/').Select(segment => Guid.TryParse(segment, out var id) ? id : (Guid?)null).First(id => id is not null)!.Value;

    /// <summary>Makes the resource on first use and hands the same one to every later caller.</summary>
    private static Func<Task<Guid>> Once(Func<Task<Guid>> create)
    {
        Task<Guid>? created = null;
        return () => created ??= create();
    }
}
