using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>One app and database for the class: every test makes accounts of its own, so none sees another's.</summary>
public sealed class TokenApiHost : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public QuickCommerceApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new QuickCommerceApp(Database);
        App.StartServer();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>/api/v1/auth against the real app and database: sign-in, rotation, reuse detection, and bad tokens.</summary>
public sealed class TokenApiTests(TokenApiHost host) : IClassFixture<TokenApiHost>, IDisposable
{
    private const string WrongCredentials = "The phone/email or password is not right.";
    private const string SessionEnded = "This session has ended; sign in again.";

    private readonly TestDatabase _database = host.Database;
    private readonly QuickCommerceApp _app = host.App;
    private readonly HttpClient _client = host.App.CreateClient();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Signing_in_by_email_in_any_case_returns_a_token_pair_for_fifteen_minutes()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);

        var response = await SignInAsync($"  {user.Email!.ToUpperInvariant()} ", TestAccounts.DefaultPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pair = await response.Content.ReadFromJsonAsync<JsonElement>();
        pair.GetProperty("accessToken").GetString()!.Split('.').Length.ShouldBe(3);
        pair.GetProperty("refreshToken").GetString()!.Length.ShouldBe(43);
        pair.GetProperty("expiresIn").GetInt32().ShouldBe(900);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("+91{0}")]
    [InlineData("+91 {1} {2}")]
    [InlineData("+91-{1}-{2}")]
    [InlineData("0{1} {2}")]
    [InlineData("91{0}")]
    [InlineData(" ({1}) {2} ")]
    public async Task Signing_in_by_phone_accepts_the_number_however_it_is_typed(string format)
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var national = user.PhoneNumber![3..];
        var typed = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, national, national[..5], national[5..]);

        var response = await SignInAsync(typed, TestAccounts.DefaultPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_login_get_the_same_401_problem()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);

        var wrongPassword = await SignInAsync(user.Email!, "Wrong@12345");
        var unknownEmail = await SignInAsync("nobody@test.in", TestAccounts.DefaultPassword);
        var unknownPhone = await SignInAsync("+91 60000 00000", TestAccounts.DefaultPassword);

        foreach (var response in new[] { wrongPassword, unknownEmail, unknownPhone })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("detail").GetString().ShouldBe(WrongCredentials);
            problem.GetProperty("title").GetString().ShouldBe("Sign-in failed.");
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_so_the_right_one_is_then_refused()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            (await SignInAsync(user.Email!, "Wrong@12345")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var fifth = await SignInAsync(user.Email!, "Wrong@12345");
        var withRightPassword = await SignInAsync(user.Email!, TestAccounts.DefaultPassword);

        fifth.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        withRightPassword.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await withRightPassword.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldBe("Too many wrong passwords; try again in 15 minutes.");
        problem.GetProperty("lockoutEnd").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task A_suspended_account_with_the_right_password_is_refused_with_the_reason()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        await ChangeAccountAsync(user.Id, (account, _) =>
        {
            account.Approval = ApprovalStatus.Suspended;
            account.ApprovalReason = "Repeated late deliveries.";
            return Task.CompletedTask;
        });

        var response = await SignInAsync(user.Email!, TestAccounts.DefaultPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString()!.ShouldContain("Repeated late deliveries.");
    }

    [Fact]
    public async Task A_suspended_account_with_a_wrong_password_gets_the_plain_401()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Rider, ApprovalStatus.Suspended);

        var response = await SignInAsync(user.Email!, "Wrong@12345");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(ApprovalStatus.Pending)]
    [InlineData(ApprovalStatus.Rejected)]
    public async Task A_merchant_not_yet_approved_gets_tokens_that_say_so(ApprovalStatus approval)
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Merchant, approval);

        var pair = await SignInPairAsync(user.Email!);
        var me = await GetMeAsync(pair.AccessToken);

        me.GetProperty("role").GetString().ShouldBe(Roles.Merchant);
        me.GetProperty("approval").GetString().ShouldBe(approval.ToString());
    }

    [Theory]
    [InlineData("""{"password":"Test@12345"}""", "login", "Phone number or email is required.")]
    [InlineData("""{"login":"   ","password":"Test@12345"}""", "login", "Phone number or email is required.")]
    [InlineData("""{"login":"a@test.in"}""", "password", "Password is required.")]
    [InlineData("""{"login":"a@test.in","password":""}""", "password", "Password is required.")]
    [InlineData("{}", "login", "Phone number or email is required.")]
    public async Task Missing_or_blank_fields_get_a_validation_problem_naming_the_field(string body, string field, string message)
    {
        var response = await PostJsonAsync("/api/v1/auth/token", body);

        await ShouldBeValidationProblemAsync(response, field, message);
    }

    [Fact]
    public async Task An_overlong_login_gets_a_validation_problem()
    {
        var response = await SignInAsync(new string('9', 129), TestAccounts.DefaultPassword);

        await ShouldBeValidationProblemAsync(response, "login", "Phone number or email must be at most 128 characters.");
    }

    [Fact]
    public async Task An_overlong_password_gets_a_validation_problem()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);

        var response = await SignInAsync(user.Email!, new string('x', 129));

        await ShouldBeValidationProblemAsync(response, "password", "Password must be at most 128 characters.");
    }

    [Theory]
    [InlineData("{\"login\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"login\": 42, \"password\": true}")]
    public async Task Malformed_json_gets_a_400_problem(string body)
    {
        var response = await PostJsonAsync("/api/v1/auth/token", body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("admin@test.in' OR '1'='1")]
    [InlineData("\"; DROP TABLE users; --")]
    [InlineData("<script>alert(1)</script>@test.in")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("98450\u0000 12345")]
    public async Task Sql_or_html_in_the_login_is_just_a_wrong_login(string login)
    {
        await TestAccounts.CreateAsync(_app, Roles.Admin);

        var response = await SignInAsync(login, TestAccounts.DefaultPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe(WrongCredentials);
    }

    [Fact]
    public async Task Refreshing_returns_a_new_pair_that_works()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var first = await SignInPairAsync(user.Email!);

        var response = await RefreshAsync(first.RefreshToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = (await response.Content.ReadFromJsonAsync<TokenPair>())!;
        second.RefreshToken.ShouldNotBe(first.RefreshToken);
        second.AccessToken.ShouldNotBe(first.AccessToken);
        (await GetMeAsync(second.AccessToken)).GetProperty("id").GetGuid().ShouldBe(user.Id);
        (await RefreshAsync(second.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Presenting_a_spent_refresh_token_fails_and_ends_the_whole_session()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var first = await SignInPairAsync(user.Email!);
        var second = (await (await RefreshAsync(first.RefreshToken)).Content.ReadFromJsonAsync<TokenPair>())!;

        var replay = await RefreshAsync(first.RefreshToken);
        var successor = await RefreshAsync(second.RefreshToken);

        await ShouldBeSessionEndedAsync(replay);
        await ShouldBeSessionEndedAsync(successor);
        await using var db = _database.NewContext();
        var family = await db.RefreshTokens.Where(t => t.UserId == user.Id).ToListAsync();
        family.Count.ShouldBe(2);
        family.ShouldAllBe(t => t.RevokedAt != null && t.RevokedReason == "reuse-detected");
    }

    [Fact]
    public async Task Ten_concurrent_refreshes_with_one_token_let_exactly_one_through()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var pair = await SignInPairAsync(user.Email!);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RefreshAsync(pair.RefreshToken)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(9);

        // The losers count as reuse, so even the winner's new token is dead.
        var winner = (await responses.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<TokenPair>())!;
        await ShouldBeSessionEndedAsync(await RefreshAsync(winner.RefreshToken));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("' OR 1=1 --")]
    public async Task An_unknown_refresh_token_gets_the_session_ended_problem(string token)
    {
        var response = await RefreshAsync(token);

        await ShouldBeSessionEndedAsync(response);
    }

    [Fact]
    public async Task An_expired_refresh_token_gets_the_session_ended_problem()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var pair = await SignInPairAsync(user.Email!);
        await using (var db = _database.NewContext())
        {
            await db.RefreshTokens.Where(t => t.UserId == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var response = await RefreshAsync(pair.RefreshToken);

        await ShouldBeSessionEndedAsync(response);
    }

    [Fact]
    public async Task Refreshing_for_a_suspended_account_fails_and_revokes_the_session()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Rider);
        var pair = await SignInPairAsync(user.Email!);
        await ChangeAccountAsync(user.Id, (account, _) =>
        {
            account.Approval = ApprovalStatus.Suspended;
            return Task.CompletedTask;
        });

        var response = await RefreshAsync(pair.RefreshToken);

        await ShouldBeSessionEndedAsync(response);
        await using var db = _database.NewContext();
        (await db.RefreshTokens.SingleAsync(t => t.UserId == user.Id)).RevokedReason.ShouldBe("account-suspended");
    }

    [Fact]
    public async Task Logging_out_ends_the_session_and_stays_204_when_repeated()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var pair = await SignInPairAsync(user.Email!);

        var first = await PostJsonAsync("/api/v1/auth/logout", JsonSerializer.Serialize(new { refreshToken = pair.RefreshToken }));
        var again = await PostJsonAsync("/api/v1/auth/logout", JsonSerializer.Serialize(new { refreshToken = pair.RefreshToken }));

        first.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        again.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeSessionEndedAsync(await RefreshAsync(pair.RefreshToken));
        await using var db = _database.NewContext();
        (await db.RefreshTokens.SingleAsync(t => t.UserId == user.Id)).RevokedReason.ShouldBe("logout");
    }

    [Theory]
    [InlineData("""{"refreshToken":"never-issued"}""")]
    [InlineData("""{"refreshToken":""}""")]
    [InlineData("{}")]
    public async Task Logging_out_with_an_unknown_or_missing_token_is_still_204(string body)
    {
        var response = await PostJsonAsync("/api/v1/auth/logout", body);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Logging_out_one_session_leaves_the_others_alone()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var phone = await SignInPairAsync(user.Email!);
        var tablet = await SignInPairAsync(user.Email!);

        await PostJsonAsync("/api/v1/auth/logout", JsonSerializer.Serialize(new { refreshToken = phone.RefreshToken }));

        (await RefreshAsync(tablet.RefreshToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_all_of_a_users_sessions_ends_every_refresh_token()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        var phone = await SignInPairAsync(user.Email!);
        var tablet = await SignInPairAsync(user.Email!);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAllAsync(user.Id, "suspended", CancellationToken.None);
        }

        await ShouldBeSessionEndedAsync(await RefreshAsync(phone.RefreshToken));
        await ShouldBeSessionEndedAsync(await RefreshAsync(tablet.RefreshToken));
    }

    [Fact]
    public async Task Me_with_a_valid_access_token_returns_the_account()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Rider);
        using var client = await TestAccounts.ClientForAsync(_app, user);

        var response = await client.GetAsync("/api/v1/auth/me");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("id").GetGuid().ShouldBe(user.Id);
        me.GetProperty("name").GetString().ShouldBe(user.FullName);
        me.GetProperty("role").GetString().ShouldBe(Roles.Rider);
        me.GetProperty("approval").GetString().ShouldBe("Approved");
    }

    [Fact]
    public async Task Me_without_a_token_is_401()
    {
        var response = await _client.GetAsync("/api/v1/auth/me");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_reports_todays_approval_not_the_one_the_token_was_issued_with()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Merchant, ApprovalStatus.Pending);
        var pair = await SignInPairAsync(user.Email!);
        await ChangeAccountAsync(user.Id, (account, _) =>
        {
            account.Approval = ApprovalStatus.Approved;
            return Task.CompletedTask;
        });

        var me = await GetMeAsync(pair.AccessToken);

        me.GetProperty("approval").GetString().ShouldBe("Approved");
    }

    [Fact]
    public async Task Access_tokens_carry_the_standard_claim_names_and_no_secrets()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Admin);
        var pair = await SignInPairAsync(user.Email!);

        var payload = PayloadOf(pair.AccessToken);

        payload["sub"]!.GetValue<string>().ShouldBe(user.Id.ToString());
        payload[System.Security.Claims.ClaimTypes.NameIdentifier]!.GetValue<string>().ShouldBe(user.Id.ToString());
        payload[System.Security.Claims.ClaimTypes.Role]!.GetValue<string>().ShouldBe(Roles.Admin);
        payload[AccountClaims.Approval]!.GetValue<string>().ShouldBe("Approved");
        payload[AccountClaims.Stamp]!.GetValue<string>().Length.ShouldBe(16);
        payload["jti"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        payload["iss"]!.GetValue<string>().ShouldBe("quickcommerce");
        payload["aud"]!.GetValue<string>().ShouldBe("quickcommerce-api");
        (payload["exp"]!.GetValue<long>() - payload["iat"]!.GetValue<long>()).ShouldBe(900);
        payload.ToJsonString().ShouldNotContain(user.SecurityStamp!);
        payload.ToJsonString().ShouldNotContain("AspNet.Identity.SecurityStamp");
    }

    /// <summary>Every way to hold a token that should not work. All are 401, and the account they name is untouched.</summary>
    [Theory]
    [InlineData("malformed")]
    [InlineData("three-garbage-segments")]
    [InlineData("expired")]
    [InlineData("wrong-signature")]
    [InlineData("alg-none")]
    [InlineData("tampered-role")]
    [InlineData("wrong-audience")]
    [InlineData("unknown-role")]
    public async Task A_bad_access_token_is_401_and_changes_nothing(string kind)
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var valid = (await SignInPairAsync(user.Email!)).AccessToken;
        var claims = ClaimsOf(valid);
        var token = kind switch
        {
            "malformed" => "abc",
            "three-garbage-segments" => "Zm9v.YmFy.YmF6",
            "expired" => Forge(claims, TestServices.JwtSigningKey, expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-signature" => Forge(claims, "someone-elses-signing-key-0123456789abcdef"),
            "alg-none" => $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{valid.Split('.')[1]}.",
            "tampered-role" => Tamper(valid, System.Security.Claims.ClaimTypes.Role, Roles.Admin),

            // Signed with the right key, but the account is a Customer: the per-request account check
            // refuses a token whose roles do not include the account's current role, so this is 401
            // (the credential is not accepted) rather than 403 (accepted, but not allowed here).
            "unknown-role" => Forge(With(claims, System.Security.Claims.ClaimTypes.Role, "Overlord"), TestServices.JwtSigningKey),
            "wrong-audience" => Forge(With(claims, "aud", "someone-else"), TestServices.JwtSigningKey),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var response = await GetMeWithAsync(token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await GetMeWithAsync(valid)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = _database.NewContext();
        var account = await db.Users.SingleAsync(u => u.Id == user.Id);
        account.Role.ShouldBe(Roles.Customer);
        account.AccessFailedCount.ShouldBe(0);
        account.SecurityStamp.ShouldBe(user.SecurityStamp);
    }

    [Fact]
    public async Task A_token_forged_with_the_right_key_and_matching_claims_works_which_is_why_the_key_is_secret()
    {
        // The control for the bad-token theory: the forging helper makes tokens the app accepts,
        // so the 401s above are down to what each case changed.
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        var claims = ClaimsOf((await SignInPairAsync(user.Email!)).AccessToken);

        var response = await GetMeWithAsync(Forge(claims, TestServices.JwtSigningKey));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_valid_token_of_an_account_suspended_after_issue_is_401()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Merchant);
        using var client = await TestAccounts.ClientForAsync(_app, user);
        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ChangeAccountAsync(user.Id, async (account, users) =>
        {
            account.Approval = ApprovalStatus.Suspended;
            account.ApprovalReason = "Test suspension.";
            await users.UpdateSecurityStampAsync(account);
        });

        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_token_issued_before_a_security_stamp_change_is_401()
    {
        var user = await TestAccounts.CreateAsync(_app, Roles.Customer);
        using var client = await TestAccounts.ClientForAsync(_app, user);

        await ChangeAccountAsync(user.Id, async (account, users) => await users.UpdateSecurityStampAsync(account));

        (await client.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private Task<HttpResponseMessage> SignInAsync(string login, string password) =>
        _client.PostAsJsonAsync("/api/v1/auth/token", new { login, password });

    private async Task<TokenPair> SignInPairAsync(string login)
    {
        var response = await SignInAsync(login, TestAccounts.DefaultPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        _client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<HttpResponseMessage> GetMeWithAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement> GetMeAsync(string accessToken)
    {
        var response = await GetMeWithAsync(accessToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task ChangeAccountAsync(Guid userId, Func<ApplicationUser, UserManager<ApplicationUser>, Task> change)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var account = (await users.FindByIdAsync(userId.ToString()))!;
        await change(account, users);
        (await users.UpdateAsync(account)).Succeeded.ShouldBeTrue();
    }

    private static async Task ShouldBeValidationProblemAsync(HttpResponseMessage response, string field, string message)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty(field)[0].GetString().ShouldBe(message);
    }

    private static async Task ShouldBeSessionEndedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().ShouldBe(SessionEnded);
    }

    private static JsonObject PayloadOf(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!.AsObject();

    /// <summary>A token's own claims (strings), without its times, ready to re-sign.</summary>
    private static Dictionary<string, object> ClaimsOf(string token) =>
        PayloadOf(token)
            .Where(p => p.Key is not ("exp" or "nbf" or "iat"))
            .ToDictionary(p => p.Key, p => (object)p.Value!.GetValue<string>());

    private static Dictionary<string, object> With(Dictionary<string, object> claims, string type, string value) =>
        new(claims) { [type] = value };

    private static string Forge(Dictionary<string, object> claims, string key, DateTime? expires = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(10);
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = expiry.AddMinutes(-15),
            NotBefore = expiry.AddMinutes(-15),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Changes one claim in the payload and keeps the original header and signature.</summary>
    private static string Tamper(string token, string type, string value)
    {
        var parts = token.Split('.');
        var payload = PayloadOf(token);
        payload[type] = value;
        return $"{parts[0]}.{Encode(payload.ToJsonString())}.{parts[2]}";
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
