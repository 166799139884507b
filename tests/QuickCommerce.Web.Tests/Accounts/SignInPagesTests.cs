using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Admin;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>Signing in, out, and changing the password through the pages, with the cookie a browser keeps.</summary>
public sealed class SignInPagesTests : AppTest
{
    private const string WrongCredentials = "The mobile number, email or password is not right.";

    [Theory]
    [InlineData(Roles.Customer, ApprovalStatus.Approved, true, "/")]
    [InlineData(Roles.Customer, ApprovalStatus.Approved, false, "/")]
    [InlineData(Roles.Merchant, ApprovalStatus.Approved, true, "/merchant")]
    [InlineData(Roles.Rider, ApprovalStatus.Approved, false, "/rider")]
    [InlineData(Roles.Admin, ApprovalStatus.Approved, false, "/admin/accounts")]
    [InlineData(Roles.Merchant, ApprovalStatus.Pending, true, "/account/pending")]
    [InlineData(Roles.Rider, ApprovalStatus.Rejected, false, "/account/pending")]
    public async Task Signing_in_by_phone_or_email_lands_on_the_home_of_the_account(string role, ApprovalStatus approval, bool byPhone, string home)
    {
        var user = await TestAccounts.CreateAsync(App, role, approval);
        using var browser = AccountPages.NewBrowser(App);

        var response = await browser.SignInOkAsync(byPhone ? AccountPages.Typed(user.PhoneNumber!) : user.Email!);

        response.LocationPath.ShouldBe(home);
    }

    [Fact]
    public async Task A_wrong_password_or_an_unknown_login_is_refused_with_401_and_one_plain_message()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);

        var wrongPassword = await browser.SignInAsync(user.Email!, "Wrong@12345");
        var unknownPhone = await browser.SignInAsync("60000 00000");
        var unknownEmail = await browser.SignInAsync("nobody@test.in");

        foreach (var response in new[] { wrongPassword, unknownPhone, unknownEmail })
        {
            response.Status.ShouldBe(HttpStatusCode.Unauthorized);
            response.TextOf("[role=alert]").ShouldBe(WrongCredentials);
            response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_is_then_refused()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await browser.SignInAsync(user.Email!, "Wrong@12345")).Status.ShouldBe(HttpStatusCode.Unauthorized, $"attempt {attempt}");
        }

        var fifth = await browser.SignInAsync(user.Email!, "Wrong@12345");
        var rightPassword = await browser.SignInAsync(user.Email!);

        fifth.Status.ShouldBe(HttpStatusCode.Forbidden);
        rightPassword.Status.ShouldBe(HttpStatusCode.Forbidden);
        rightPassword.TextOf("[role=alert]").ShouldBe("Too many wrong passwords. Try again in 15 minutes.");
        rightPassword.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
    }

    [Fact]
    public async Task A_suspended_account_is_refused_with_403_and_told_why()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        await SuspendAsync(user.Id, "Repeated fake orders");
        using var browser = AccountPages.NewBrowser(App);

        var response = await browser.SignInAsync(user.Email!);

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.TextOf("[role=alert]").ShouldBe("This account is suspended: Repeated fake orders.");
        response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
    }

    [Fact]
    public async Task A_suspended_account_with_a_wrong_password_gets_the_plain_401()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Merchant);
        await SuspendAsync(user.Id, "Sold expired goods");
        using var browser = AccountPages.NewBrowser(App);

        var response = await browser.SignInAsync(AccountPages.Typed(user.PhoneNumber!), "Wrong@12345");

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.TextOf("[role=alert]").ShouldBe(WrongCredentials);
        response.Text.ShouldNotContain("Sold expired goods");
    }

    [Theory]
    [InlineData("/account/password", "/account/password")]
    [InlineData("/?place=indiranagar", "/?place=indiranagar")]
    [InlineData("//evil.example", "/")]
    [InlineData("//evil.example/account/password", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    public async Task The_return_url_is_honoured_only_when_it_is_a_path_on_this_site(string returnUrl, string landing)
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);

        var response = await browser.SignInAsync(user.Email!, returnUrl: returnUrl);

        response.Status.ShouldBe(HttpStatusCode.Found);
        response.Location.ShouldNotBeNull().ShouldNotContain("evil.example");
        response.LocationPath.ShouldBe(landing);
    }

    [Fact]
    public async Task Signing_out_without_the_antiforgery_token_is_refused_and_the_session_continues()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(user.Email!);

        var response = await browser.PostAsync("/account/signout", []);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.SetCookie(AccountPages.AuthCookie).ShouldBeNull();
        (await browser.GetAsync("/")).TextOf(".account-nav .who").ShouldBe(user.FullName);
    }

    [Fact]
    public async Task Signing_out_with_the_header_s_form_clears_the_cookie_and_the_session()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(user.Email!);
        var home = await browser.GetAsync("/");

        var response = await browser.PostAsync("/account/signout", [new("__RequestVerificationToken", FormPoster.AntiforgeryToken(home.Html))]);

        response.Status.ShouldBe(HttpStatusCode.Found);
        response.LocationPath.ShouldBe("/");
        var cleared = response.SetCookie(AccountPages.AuthCookie);
        cleared.ShouldNotBeNull();
        cleared.ShouldContain("expires=Thu, 01 Jan 1970", Case.Insensitive);
        var after = await browser.GetAsync("/");
        after.TextOf(".account-nav .who").ShouldBeNull();
        after.TextOf(".account-nav a[href='/account/signin']").ShouldBe("Sign in");
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others_on_their_next_request()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var phone = AccountPages.NewBrowser(App);
        using var laptop = AccountPages.NewBrowser(App);
        await phone.SignInOkAsync(user.Email!);
        await laptop.SignInOkAsync(user.Email!);
        (await laptop.GetAsync("/account/password")).Status.ShouldBe(HttpStatusCode.OK);

        var response = await phone.SubmitAsync("/account/password", "change-password", new Dictionary<string, string>
        {
            ["current"] = TestAccounts.DefaultPassword,
            ["next"] = "Fresh@Password1",
        });

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.TextOf("[role=status]").ShouldBe("Password changed.");
        (await phone.GetAsync("/account/password")).Status.ShouldBe(HttpStatusCode.OK);
        var laptopNext = await laptop.GetAsync("/account/pending");
        laptopNext.Status.ShouldBe(HttpStatusCode.Found);
        laptopNext.LocationPath.ShouldBe("/account/signin?ReturnUrl=%2Faccount%2Fpending");

        using var fresh = AccountPages.NewBrowser(App);
        (await fresh.SignInAsync(user.Email!)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        await fresh.SignInOkAsync(user.Email!, "Fresh@Password1");
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        var user = await TestAccounts.CreateAsync(App, Roles.Customer);
        using var browser = AccountPages.NewBrowser(App);
        await browser.SignInOkAsync(user.Email!);

        var response = await browser.SubmitAsync("/account/password", "change-password", new Dictionary<string, string>
        {
            ["current"] = "Wrong@12345",
            ["next"] = "Fresh@Password1",
        });

        response.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        response.TextOf("[role=status]").ShouldBe("Incorrect password.");
        await using var db = Database.NewContext();
        (await db.Users.SingleAsync(u => u.Id == user.Id)).PasswordHash.ShouldBe(user.PasswordHash);
    }

    [Fact]
    public async Task Visitors_who_are_not_signed_in_are_sent_to_sign_in_from_account_pages()
    {
        using var browser = AccountPages.NewBrowser(App);

        var response = await browser.GetAsync("/account/password");

        response.Status.ShouldBe(HttpStatusCode.Found);
        response.LocationPath.ShouldBe("/account/signin?ReturnUrl=%2Faccount%2Fpassword");
    }

    private async Task SuspendAsync(Guid userId, string reason)
    {
        var admin = await TestAccounts.CreateAsync(App, Roles.Admin);
        await using var scope = App.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountModeration>().SuspendAsync(userId, admin.Id, reason, CancellationToken.None);
        result.IsSuccess.ShouldBeTrue();
    }
}
