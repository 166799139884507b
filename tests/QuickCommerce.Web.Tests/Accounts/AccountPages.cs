using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>A person's side of the account pages: a browser of their own, the forms they fill, the numbers they type.</summary>
public static class AccountPages
{
    /// <summary>The name of the sign-in cookie.</summary>
    public const string AuthCookie = "qc.auth";

    /// <summary>A password the sign-up pages and Identity accept.</summary>
    public const string Password = "Kirana@2024";

    // Unique per database; a random start keeps apart the numbers TestAccounts hands out.
    private static int _phoneSequence = Random.Shared.Next(0, 400_000_000);

    /// <summary>A fresh browser (its own cookies, redirects not followed) on <paramref name="app"/>.</summary>
    public static FormPoster NewBrowser(QuickCommerceApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new FormPoster(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    /// <summary>A mobile number nobody has used yet, as a person types it ("98765 43210") and as stored (+919876543210).</summary>
    public static (string Typed, string E164) NewPhone()
    {
        var national = $"9{Interlocked.Increment(ref _phoneSequence) % 1_000_000_000:D9}";
        return ($"{national[..5]} {national[5..]}", $"+91{national}");
    }

    /// <summary>
    /// The customer sign-up form filled in, keyed by the names the page binds (<c>Form.*</c>).
    /// </summary>
    /// <remarks>
    /// Keyed by name, not typed into the rendered fields: the shared fields render as
    /// <c>Model.FullName</c> etc., which the page does not bind, so a form filled in as rendered
    /// cannot sign anyone up yet. The optional email is filled in too (a fresh address unless
    /// given): left blank it is refused. SignUpPagesTests has a skipped test for each.
    /// </remarks>
    public static Dictionary<string, string> CustomerForm(string fullName, string phone, string? email = null, string password = Password) => new()
    {
        ["Form.FullName"] = fullName,
        ["Form.Phone"] = phone,
        ["Form.Email"] = email ?? $"{Guid.NewGuid():N}@test.in",
        ["Form.Password"] = password,
        ["Form.ConfirmPassword"] = password,
    };

    /// <summary>The merchant sign-up form for a shop in Indiranagar, keyed like <see cref="CustomerForm"/>.</summary>
    public static Dictionary<string, string> MerchantForm(string fullName, string phone, string storeName, string gstin = "29ABCDE1234F1Z5")
    {
        var form = CustomerForm(fullName, phone);
        form["Form.StoreName"] = storeName;
        form["Form.AddressLine"] = "14, 12th Main Road, HAL 2nd Stage";
        form["Form.Locality"] = "Indiranagar";
        form["Form.Pincode"] = "560038";
        form["Form.Latitude"] = "12.9719";
        form["Form.Longitude"] = "77.6412";
        form["Form.Gstin"] = gstin;
        return form;
    }

    /// <summary>The rider sign-up form, keyed like <see cref="CustomerForm"/>.</summary>
    public static Dictionary<string, string> RiderForm(string fullName, string phone, string vehicleType)
    {
        var form = CustomerForm(fullName, phone);
        form["Form.VehicleType"] = vehicleType;
        return form;
    }

    /// <summary>Types the login and password into /account/signin (optionally with a returnUrl) and presses Sign in.</summary>
    public static Task<PageResponse> SignInAsync(this FormPoster browser, string login, string password = TestAccounts.DefaultPassword, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var path = returnUrl is null ? "/account/signin" : $"/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return browser.SubmitAsync(path, "signin", new Dictionary<string, string> { ["login"] = login, ["password"] = password });
    }

    /// <summary>Signs in and checks it worked: a redirect and a fresh sign-in cookie.</summary>
    public static async Task<PageResponse> SignInOkAsync(this FormPoster browser, string login, string password = TestAccounts.DefaultPassword)
    {
        var response = await browser.SignInAsync(login, password);
        response.Status.ShouldBe(HttpStatusCode.Found, $"signing in as {login}: {response.TextOf("[role=alert]")}");
        response.SetCookie(AuthCookie).ShouldNotBeNull();
        return response;
    }

    /// <summary>A national number as a person might type it: "98450 12345" for +919845012345.</summary>
    public static string Typed(string e164)
    {
        ArgumentNullException.ThrowIfNull(e164);
        var national = e164[3..];
        return $"{national[..5]} {national[5..]}";
    }
}
