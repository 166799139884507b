using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static QuickCommerce.Web.Tests.Authorization.Outcome;

namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// Partial acceptance and substitution: the shop's merchant reads and changes its placed orders; the
/// order's customer approves or declines. Every change aims at a fresh order of two; an answer by the
/// customer aims at a fresh changed order of its own, by anyone else at one changed order of the
/// customer's, which must still wait for the customer afterwards.
/// </summary>
public static class OrderChangesMatrixRows
{
    public static IEnumerable<MatrixRow> Rows(AuthorizationMatrixFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        const string Changes = "/api/v1/orders/{id:guid}/changes";
        var victimToApprove = Once(() => AwaitingCustomerAsync(fixture));
        var victimToDecline = Once(() => AwaitingCustomerAsync(fixture));
        long lineToChange = 0;

        async Task<string?> StatusIs(Guid orderId, string expected)
        {
            var actual = await fixture.OrderStatusAsync(Caller.Customer, orderId);
            return actual == expected ? null : $"the order is {actual}, expected {expected}";
        }

        async Task<string> AnswerPath(Caller caller, Func<Task<Guid>> victim, string answer) =>
            $"/api/v1/orders/{(caller == Caller.Customer ? await AwaitingCustomerAsync(fixture) : await victim())}/changes/{answer}";

        //                                                     Anonymous  Customer  Merchant  PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",  Changes,                      SignIn,    Denied,   Ok,       Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult($"/api/v1/orders/{fixture.CustomerFirstOrderId}/changes"),
        };
        yield return new("POST", Changes,                      SignIn,    Denied,   Ok,       Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async _ =>
            {
                var orderId = await PlaceTwoAsync(fixture);
                lineToChange = await LineOfAsync(fixture, orderId);
                return $"/api/v1/orders/{orderId}/changes";
            },
            BodyFor = _ => JsonContent.Create(new { lines = new[] { new { lineId = lineToChange, qty = 1 } } }),
            Verify = (caller, path, _) => StatusIs(IdIn(path), caller == Caller.Merchant ? "AwaitingCustomer" : "Placed"),
        };
        yield return new("POST", $"{Changes}/approve",         SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = caller => AnswerPath(caller, victimToApprove, "approve"),
            Verify = (caller, path, _) => StatusIs(IdIn(path), caller == Caller.Customer ? "Accepted" : "AwaitingCustomer"),
        };
        yield return new("POST", $"{Changes}/decline",         SignIn,    Ok,       Denied,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            OtherCustomer = NotFound,
            PathFor = caller => AnswerPath(caller, victimToDecline, "decline"),
            Verify = (caller, path, _) => StatusIs(IdIn(path), caller == Caller.Customer ? "Cancelled" : "AwaitingCustomer"),
        };
    }

    /// <summary>A fresh order of the customer's for two of the matrix's product, placed through the API.</summary>
    private static async Task<Guid> PlaceTwoAsync(AuthorizationMatrixFixture fixture) =>
        await fixture.NewOrderAsync(Caller.Customer, fixture.CustomerHomeAddressId, qty: 2);

    /// <summary>The order's one line, as its merchant reads it.</summary>
    private static async Task<long> LineOfAsync(AuthorizationMatrixFixture fixture, Guid orderId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{orderId}/changes");
        request.Headers.Authorization = new("Bearer", fixture.AccessTokenOf(Caller.Merchant));
        using var response = await fixture.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines")[0].GetProperty("lineId").GetInt64();
    }

    /// <summary>A fresh order of the customer's that the store's merchant has changed (two down to one), waiting for the customer.</summary>
    private static async Task<Guid> AwaitingCustomerAsync(AuthorizationMatrixFixture fixture)
    {
        var orderId = await PlaceTwoAsync(fixture);
        var lineId = await LineOfAsync(fixture, orderId);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{orderId}/changes")
        {
            Content = JsonContent.Create(new { lines = new[] { new { lineId, qty = 1 } } }),
        };
        request.Headers.Authorization = new("Bearer", fixture.AccessTokenOf(Caller.Merchant));
        using var response = await fixture.Client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK
            ? orderId
            : throw new InvalidOperationException($"Changing order {orderId} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Guid IdIn(string path) =>
        path.Split('/').Select(segment => Guid.TryParse(segment, out var id) ? id : (Guid?)null).First(id => id is not null)!.Value;

    /// <summary>Makes the resource on first use and hands the same one to every later caller.</summary>
    private static Func<Task<Guid>> Once(Func<Task<Guid>> create)
    {
        Task<Guid>? created = null;
        return () => created ??= create();
    }
}
