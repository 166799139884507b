using System.Net;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>The three sign-up pages, posted as a browser posts them, against the real app and database.</summary>
public sealed class SignUpPagesTests : AppTest
{
    public static TheoryData<string, string, HttpStatusCode, string> BadCustomerDetails => new()
    {
        { "Form.Phone", "12345", HttpStatusCode.UnprocessableEntity, "Enter a 10-digit Indian mobile number, e.g. 98450 12345." },
        { "Form.Phone", "98450 1234x", HttpStatusCode.UnprocessableEntity, "A mobile number has only digits, spaces, dashes and a leading +." },
        { "Form.ConfirmPassword", "Kirana@2025", HttpStatusCode.OK, "The two passwords are not the same." },
        { "Form.FullName", new string('A', 81), HttpStatusCode.OK, "Keep your name under 80 characters." },
        { "Form.FullName", "   ", HttpStatusCode.OK, "Enter your name." },
        { "Form.Email", "asha.at.example.in", HttpStatusCode.OK, "That email address does not look right." },
    };

    public static TheoryData<string, string, HttpStatusCode, string> BadShopDetails => new()
    {
        { "Form.Pincode", "056003", HttpStatusCode.OK, "A pincode has 6 digits and does not start with 0." },
        { "Form.Pincode", "56003", HttpStatusCode.OK, "A pincode has 6 digits and does not start with 0." },
        { "Form.Latitude", "91", HttpStatusCode.OK, "Latitude must be between -90 and 90." },
        { "Form.Longitude", "-181", HttpStatusCode.OK, "Longitude must be between -180 and 180." },

        // Fractions count: the range compares doubles, not whole numbers.
        { "Form.Longitude", "-180.5", HttpStatusCode.OK, "Longitude must be between -180 and 180." },
        { "Form.Gstin", "29ABCDE1234F1Z", HttpStatusCode.OK, "A GSTIN has 15 characters, like 29ABCDE1234F1Z5." },
        { "Form.Gstin", "29ABCDE1234F1X5", HttpStatusCode.OK, "A GSTIN has 15 characters, like 29ABCDE1234F1Z5." },
    };

    [Fact]
    public async Task A_customer_who_signs_up_is_signed_in_and_sent_home_with_their_name_in_the_header()
    {
        using var browser = AccountPages.NewBrowser(App);

        var response = await browser.SubmitByNameAsync("/account/signup", "customer-signup", AccountPages.CustomerForm("Asha Rao", "98450 12345"));

        response.Status.ShouldBe(HttpStatusCode.Found);
        response.LocationPath.ShouldBe("/");
        response.SetCookie(AccountPages.AuthCookie).ShouldNotBeNull();
        await using (var db = Database.NewContext())
        {
            var user = await db.Users.SingleAsync(u => u.PhoneNumber == "+919845012345");
            user.FullName.ShouldBe("Asha Rao");
            user.Role.ShouldBe(Roles.Customer);
            user.Approval.ShouldBe(ApprovalStatus.Approved);
        }

        var home = await browser.GetAsync("/");
        home.Status.ShouldBe(HttpStatusCode.OK);
        home.TextOf(".account-nav .who").ShouldBe("Asha Rao");
        home.TextOf(".account-nav button").ShouldBe("Sign out");
    }

    [Fact]
    public async Task A_merchant_who_signs_up_waits_for_approval_with_a_pending_store_and_cannot_open_the_dashboard()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitByNameAsync(
            "/account/signup/merchant", "merchant-signup", AccountPages.MerchantForm("Ravi Kumar", phone, "Ravi General Stores", gstin: "29ABCDE1234F1Z5"));

        response.Status.ShouldBe(HttpStatusCode.Found);
        response.LocationPath.ShouldBe("/account/pending");
        await using (var db = Database.NewContext())
        {
            var user = await db.Users.SingleAsync(u => u.PhoneNumber == e164);
            user.Role.ShouldBe(Roles.Merchant);
            user.Approval.ShouldBe(ApprovalStatus.Pending);
            var store = await db.Stores.SingleAsync(s => s.OwnerId == user.Id);
            store.Name.ShouldBe("Ravi General Stores");
            store.Approval.ShouldBe(ApprovalStatus.Pending);
            store.Gstin.ShouldBe("29ABCDE1234F1Z5");
            store.Pincode.ShouldBe("560038");
        }

        // Signed in, but not (yet) allowed: access denied, not sign-in.
        var dashboard = await browser.GetAsync("/merchant");
        dashboard.Status.ShouldBe(HttpStatusCode.Found);
        dashboard.LocationPath.ShouldBe("/account/denied?ReturnUrl=%2Fmerchant");
    }

    [Fact]
    public async Task The_status_page_tells_a_merchant_who_just_signed_up_that_they_are_waiting_for_approval()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, _) = AccountPages.NewPhone();
        (await browser.SubmitByNameAsync("/account/signup/merchant", "merchant-signup", AccountPages.MerchantForm("Ravi Kumar", phone, "Ravi Fancy Stores")))
            .LocationPath.ShouldBe("/account/pending");

        var pending = await browser.GetAsync("/account/pending");

        pending.Status.ShouldBe(HttpStatusCode.OK);
        pending.TextOf("h1").ShouldBe("Waiting for approval");
        pending.Text.ShouldContain("Thanks, Ravi Kumar.");
    }

    [Fact]
    public async Task Leaving_the_optional_email_blank_signs_up_with_the_mobile_number_alone()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitByNameAsync("/account/signup", "customer-signup", AccountPages.CustomerForm("Asha Rao", phone, email: string.Empty));

        response.Status.ShouldBe(HttpStatusCode.Found, response.TextOf(".validation-message"));
        await using var db = Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.PhoneNumber == e164);
        user.Email.ShouldBeNull();
        user.UserName.ShouldBe(e164);
    }

    [Fact]
    public async Task A_gstin_typed_in_lower_case_is_stored_upper_cased()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitByNameAsync(
            "/account/signup/merchant", "merchant-signup", AccountPages.MerchantForm("Meena Iyer", phone, "Meena Provisions", gstin: "29abcde1234f1z5"));

        response.Status.ShouldBe(HttpStatusCode.Found, response.TextOf(".validation-message"));
        await using var db = Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.PhoneNumber == e164);
        (await db.Stores.SingleAsync(s => s.OwnerId == user.Id)).Gstin.ShouldBe("29ABCDE1234F1Z5");
    }

    [Fact]
    public async Task A_rider_who_signs_up_waits_for_approval_with_their_vehicle()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitByNameAsync("/account/signup/rider", "rider-signup", AccountPages.RiderForm("Imran Khan", phone, "E-bike"));

        response.Status.ShouldBe(HttpStatusCode.Found);
        response.LocationPath.ShouldBe("/account/pending");
        await using var db = Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.PhoneNumber == e164);
        user.Role.ShouldBe(Roles.Rider);
        user.Approval.ShouldBe(ApprovalStatus.Pending);
        user.VehicleType.ShouldBe("E-bike");
    }

    [Fact]
    public async Task A_rider_with_a_vehicle_not_in_the_list_is_told_to_choose_and_nothing_is_written()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitByNameAsync("/account/signup/rider", "rider-signup", AccountPages.RiderForm("Imran Khan", phone, "Helicopter"));

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.TextOf("[role=alert]").ShouldBe("Choose one of the listed vehicles.");
        response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
        await using var db = Database.NewContext();
        (await db.Users.AnyAsync(u => u.PhoneNumber == e164)).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(BadCustomerDetails))]
    public async Task Bad_customer_details_are_explained_and_nothing_is_written(string field, string value, HttpStatusCode status, string message)
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, _) = AccountPages.NewPhone();
        var form = AccountPages.CustomerForm("Asha Rao", phone);
        form[field] = value;
        var usersBefore = await CountUsersAsync();

        var response = await browser.SubmitByNameAsync("/account/signup", "customer-signup", form);

        response.Status.ShouldBe(status);
        response.Text.ShouldContain(message);
        response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
        (await CountUsersAsync()).ShouldBe(usersBefore);
    }

    [Theory]
    [MemberData(nameof(BadShopDetails))]
    public async Task Bad_shop_details_are_explained_and_neither_account_nor_store_is_written(string field, string value, HttpStatusCode status, string message)
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();
        var form = AccountPages.MerchantForm("Ravi Kumar", phone, "Ravi General Stores");
        form[field] = value;
        await using var db = Database.NewContext();
        var storesBefore = await db.Stores.CountAsync();

        var response = await browser.SubmitByNameAsync("/account/signup/merchant", "merchant-signup", form);

        response.Status.ShouldBe(status);
        response.Text.ShouldContain(message);
        response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
        (await db.Users.AnyAsync(u => u.PhoneNumber == e164)).ShouldBeFalse();
        (await db.Stores.CountAsync()).ShouldBe(storesBefore);
    }

    [Fact]
    public async Task A_mobile_number_that_already_has_an_account_is_refused_however_it_is_typed()
    {
        var (phone, e164) = AccountPages.NewPhone();
        using (var first = AccountPages.NewBrowser(App))
        {
            (await first.SubmitByNameAsync("/account/signup", "customer-signup", AccountPages.CustomerForm("Asha Rao", phone))).Status.ShouldBe(HttpStatusCode.Found);
        }

        using var second = AccountPages.NewBrowser(App);
        var response = await second.SubmitByNameAsync(
            "/account/signup/merchant", "merchant-signup", AccountPages.MerchantForm("Someone Else", $"+91-{e164[3..8]}-{e164[8..]}", "Copycat Stores"));

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.TextOf("[role=alert]").ShouldBe("An account with this mobile number already exists. Sign in instead.");
        response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
        await using var db = Database.NewContext();
        (await db.Users.CountAsync(u => u.PhoneNumber == e164)).ShouldBe(1);
        (await db.Stores.AnyAsync(s => s.Name == "Copycat Stores")).ShouldBeFalse();
    }

    [Fact]
    public async Task Html_and_sql_in_the_name_are_stored_as_text_and_shown_encoded()
    {
        const string Name = "<script>alert(1)</script>'; DROP TABLE users;--";
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitByNameAsync("/account/signup", "customer-signup", AccountPages.CustomerForm(Name, phone));

        response.Status.ShouldBe(HttpStatusCode.Found);
        await using (var db = Database.NewContext())
        {
            (await db.Users.SingleAsync(u => u.PhoneNumber == e164)).FullName.ShouldBe(Name);
        }

        var home = await browser.GetAsync("/");
        home.TextOf(".account-nav .who").ShouldBe(Name);
        home.Html.ShouldNotContain("<script>alert(1)");
        home.Html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task A_browser_filling_in_the_sign_up_form_as_rendered_creates_the_account()
    {
        using var browser = AccountPages.NewBrowser(App);
        var (phone, e164) = AccountPages.NewPhone();

        var response = await browser.SubmitAsync("/account/signup", "customer-signup", new Dictionary<string, string>
        {
            ["fullName"] = "Asha Rao",
            ["phone"] = phone,
            ["password"] = AccountPages.Password,
            ["confirmPassword"] = AccountPages.Password,
        });

        response.Status.ShouldBe(HttpStatusCode.Found, response.Text);
        await using var db = Database.NewContext();
        (await db.Users.AnyAsync(u => u.PhoneNumber == e164)).ShouldBeTrue();
    }

    private async Task<int> CountUsersAsync()
    {
        await using var db = Database.NewContext();
        return await db.Users.CountAsync();
    }
}
