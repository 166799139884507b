using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Stores;
using static QuickCommerce.Web.Tests.Authorization.Outcome;

namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// The shop owner's settings and day-at-a-glance API: only the approved merchant who runs the
/// matrix's store. Nothing here may change what the other rows rely on: the PUT restates the
/// store's own settings, the switch stays on, and closures are months ahead, so orders still go through.
/// </summary>
public static class StoreSettingsMatrixRows
{
    private const string Store = "/api/v1/merchant/store";

    public static IEnumerable<MatrixRow> Rows(AuthorizationMatrixFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var today = StoreTimetable.LocalDay(DateTimeOffset.UtcNow, Core.Stores.Store.DefaultTimeZone);

        // Each caller its own days, so no closure overlaps another caller's.
        DateOnly DayFor(Caller caller, int from) => today.AddDays(from + (2 * (int)caller));

        async Task<Guid> NewClosureAsync(Caller caller)
        {
            var closure = new StoreClosure(fixture.StoreId, DayFor(caller, 200), DayFor(caller, 200), $"Matrix {caller}");
            await using var db = fixture.App.Database.NewContext();
            db.StoreClosures.Add(closure);
            await db.SaveChangesAsync();
            return closure.Id;
        }

        async Task<string?> ClosureLeftAsync(Caller caller, string path, HttpResponseMessage response)
        {
            var id = Guid.Parse(path[(path.LastIndexOf('/') + 1)..]);
            await using var db = fixture.App.Database.NewContext();
            var exists = await db.StoreClosures.AnyAsync(c => c.Id == id);
            return (response.StatusCode == HttpStatusCode.NoContent, exists) switch
            {
                (true, true) => $"{caller}'s removed closure is still there",
                (false, false) => $"{caller} removed the shop's closure though refused",
                _ => null,
            };
        }

        //                                                               Anonymous  Customer  Merchant   PendingM  Rider     PendingR  Admin      Suspended
        yield return new("GET",    $"{Store}/",                          SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(Store),
        };
        yield return new("PUT",    $"{Store}/",                          SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = _ => Task.FromResult(Store),
            BodyFor = _ => JsonContent.Create(SameSettings()),
        };
        yield return new("POST",   $"{Store}/open",                      SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            BodyFor = _ => JsonContent.Create(new { open = true }),
        };
        yield return new("POST",   $"{Store}/closures",                  SignIn,    Denied,   Created,   Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            BodyFor = caller => JsonContent.Create(new { firstDay = DayFor(caller, 300), lastDay = DayFor(caller, 300), reason = "Matrix" }),
        };
        yield return new("DELETE", $"{Store}/closures/{{id:guid}}",      SignIn,    Denied,   NoContent, Denied,   Denied,   Denied,   Denied,    SignIn)
        {
            PathFor = async caller => $"{Store}/closures/{await NewClosureAsync(caller)}",
            Verify = ClosureLeftAsync,
        };
        yield return new("GET",    "/api/v1/merchant/today",             SignIn,    Denied,   Ok,        Denied,   Denied,   Denied,   Denied,    SignIn);
    }

    /// <summary>The matrix store's own settings (DemoShop's defaults), so saving them changes nothing.</summary>
    private static object SameSettings() => new
    {
        hours = Enum.GetValues<DayOfWeek>().Select(d => new { day = d.ToString(), closed = false, opens = "00:00", closes = "00:00" }),
        deliveryRadiusMetres = 4000,
        minimumOrderPaise = 9900,
        deliveryFeePaise = 1500,
        phone = "+918041234567",
    };
}
