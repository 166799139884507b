using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using QuickCommerce.Web.Security;

namespace QuickCommerce.Web.Tests.Security;

public sealed class AuthThrottleTests : IDisposable
{
    private readonly AuthThrottle _throttle = new(Options.Create(new AuthThrottleOptions()));

    public void Dispose() => _throttle.Dispose();

    [Fact]
    public void The_21st_sign_in_from_one_address_in_a_minute_is_refused()
    {
        for (var i = 1; i <= 20; i++)
        {
            _throttle.Check(AuthAction.SignIn, "203.0.113.7", $"customer{i}@example.in").Allowed.ShouldBeTrue($"attempt {i}");
        }

        var decision = _throttle.Check(AuthAction.SignIn, "203.0.113.7", "customer21@example.in");

        decision.Allowed.ShouldBeFalse();
        decision.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        decision.RetryAfter.ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_busy_address_does_not_hold_up_another()
    {
        for (var i = 1; i <= 21; i++)
        {
            _throttle.Check(AuthAction.SignIn, "203.0.113.7", $"customer{i}@example.in");
        }

        _throttle.Check(AuthAction.SignIn, "198.51.100.20", "someone@example.in").Allowed.ShouldBeTrue();
    }

    [Fact]
    public void The_11th_sign_in_on_one_account_is_refused_whatever_the_address()
    {
        for (var i = 1; i <= 10; i++)
        {
            _throttle.Check(AuthAction.SignIn, $"198.51.100.{i}", "asha@example.in").Allowed.ShouldBeTrue($"attempt {i}");
        }

        var decision = _throttle.Check(AuthAction.SignIn, "198.51.100.11", "asha@example.in");

        decision.Allowed.ShouldBeFalse();
        decision.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        _throttle.Check(AuthAction.SignIn, "198.51.100.11", "ravi@example.in").Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Accounts_are_counted_regardless_of_case_and_surrounding_spaces()
    {
        string[] spellings = ["asha@example.in", "ASHA@example.in", " Asha@Example.IN ", "asha@EXAMPLE.in\t"];
        for (var i = 1; i <= 10; i++)
        {
            _throttle.Check(AuthAction.SignIn, $"198.51.100.{i}", spellings[i % spellings.Length]).Allowed.ShouldBeTrue($"attempt {i}");
        }

        _throttle.Check(AuthAction.SignIn, "198.51.100.99", "  aSHA@example.IN").Allowed.ShouldBeFalse();
    }

    [Fact]
    public void The_11th_sign_up_from_one_address_in_an_hour_is_refused()
    {
        for (var i = 1; i <= 10; i++)
        {
            _throttle.Check(AuthAction.SignUp, "203.0.113.7", null).Allowed.ShouldBeTrue($"sign-up {i}");
        }

        var decision = _throttle.Check(AuthAction.SignUp, "203.0.113.7", null);

        decision.Allowed.ShouldBeFalse();
        decision.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);
        decision.RetryAfter.ShouldBeLessThanOrEqualTo(TimeSpan.FromHours(1));
        _throttle.Check(AuthAction.SignUp, "198.51.100.20", null).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Sign_ups_and_sign_ins_have_separate_budgets()
    {
        for (var i = 1; i <= 11; i++)
        {
            _throttle.Check(AuthAction.SignUp, "203.0.113.7", null);
        }

        _throttle.Check(AuthAction.SignIn, "203.0.113.7", "asha@example.in").Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Requests_without_an_address_share_one_budget()
    {
        for (var i = 1; i <= 10; i++)
        {
            _throttle.Check(AuthAction.SignUp, null, null).Allowed.ShouldBeTrue($"sign-up {i}");
        }

        _throttle.Check(AuthAction.SignUp, "  ", null).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Addresses_in_one_ipv6_64_block_share_a_budget()
    {
        for (var i = 1; i <= 10; i++)
        {
            _throttle.Check(AuthAction.SignUp, $"2001:db8:1:2::{i:x}", null).Allowed.ShouldBeTrue($"sign-up {i}");
        }

        _throttle.Check(AuthAction.SignUp, "2001:db8:1:2:abcd::1", null).Allowed.ShouldBeFalse();
        _throttle.Check(AuthAction.SignUp, "2001:db8:1:3::1", null).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Limits_come_from_the_options()
    {
        using var strict = new AuthThrottle(Options.Create(new AuthThrottleOptions { SignInPerIpPerMinute = 2 }));

        strict.Check(AuthAction.SignIn, "203.0.113.7", "a@example.in").Allowed.ShouldBeTrue();
        strict.Check(AuthAction.SignIn, "203.0.113.7", "b@example.in").Allowed.ShouldBeTrue();
        strict.Check(AuthAction.SignIn, "203.0.113.7", "c@example.in").Allowed.ShouldBeFalse();
    }

    [Fact]
    public void A_refused_request_gets_429_retry_after_in_seconds_and_a_message_saying_when()
    {
        using var strict = new AuthThrottle(Options.Create(new AuthThrottleOptions { SignUpPerIpPerHour = 1 }));
        var first = new DefaultHttpContext();
        var second = new DefaultHttpContext();

        strict.CheckRequest(first, AuthAction.SignUp, "+919845012345").Allowed.ShouldBeTrue();
        var refused = strict.CheckRequest(second, AuthAction.SignUp, "+919845012346");

        first.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        first.Response.Headers.ContainsKey("Retry-After").ShouldBeFalse();
        refused.Allowed.ShouldBeFalse();
        second.Response.StatusCode.ShouldBe(StatusCodes.Status429TooManyRequests);
        var seconds = int.Parse(second.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        seconds.ShouldBeInRange(1, 3600);
        refused.Message.ShouldBe($"Too many attempts. Try again in {seconds} seconds.");
        new ThrottleDecision(false, TimeSpan.FromSeconds(0.4)).Message.ShouldBe("Too many attempts. Try again in 1 second.");
    }

    [Fact]
    public void Pages_get_retry_after_only_for_a_refusal()
    {
        var refused = new DefaultHttpContext();
        var allowed = new DefaultHttpContext();

        AuthThrottle.SetRetryAfter(refused.Response, new ThrottleDecision(false, TimeSpan.FromMilliseconds(200)));
        AuthThrottle.SetRetryAfter(allowed.Response, new ThrottleDecision(true, TimeSpan.Zero));

        refused.Response.Headers.RetryAfter.ToString().ShouldBe("1");
        allowed.Response.Headers.ContainsKey("Retry-After").ShouldBeFalse();
    }
}
