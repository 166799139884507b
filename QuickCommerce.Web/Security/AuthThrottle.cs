using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace QuickCommerce.Web.Security;

/// <summary>The authentication attempts that are throttled.</summary>
public enum AuthAction
{
    SignIn,
    SignUp,
}

/// <summary>Whether an attempt may go ahead and, when it may not, how long to wait (at least a second).</summary>
public readonly record struct ThrottleDecision(bool Allowed, TimeSpan RetryAfter)
{
    /// <summary>What a refused person reads, on a page or in an API problem.</summary>
    public string Message
    {
        get
        {
            var seconds = (int)Math.Ceiling(RetryAfter.TotalSeconds);
            return $"Too many attempts. Try again in {seconds} {(seconds == 1 ? "second" : "seconds")}.";
        }
    }
}

/// <summary>
/// Slows password guessing and sign-up spam: fixed-window budgets per client address and per
/// account. A sign-in must fit both its address's budget and its account's budget, so neither one
/// address trying many accounts nor many addresses trying one account gets far.
/// </summary>
/// <remarks>
/// <para>
/// The budgets live in this instance's memory: behind the load balancer each instance has its own,
/// so the effective limit is the configured one times the instance count. Moving the counters to
/// Redis (the backplane we already run) is the next step when that matters.
/// </para>
/// <para>
/// <see cref="FixedWindowRateLimiter"/> reads the Stopwatch and takes no <see cref="TimeProvider"/>,
/// so windows run on real time and tests cannot fast-forward them. Its RetryAfter may be the whole
/// window rather than the time left in it (dotnet/runtime#92557): an upper bound, never too early.
/// </para>
/// <para>
/// Pass the client address as the server sees it after forwarded headers are applied; behind a
/// proxy without them every client shares the proxy's budget.
/// </para>
/// </remarks>
public sealed class AuthThrottle : IDisposable
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    private readonly AuthThrottleOptions _limits;

    // One limiter for every budget: the partition key names the budget ("signin:ip:10.0.0.7") and
    // the resource carries its size, so the first attempt on a key creates its window. Idle, full
    // windows are dropped by the limiter itself.
    private readonly PartitionedRateLimiter<Budget> _budgets = PartitionedRateLimiter.Create<Budget, string>(
        budget => RateLimitPartition.GetFixedWindowLimiter(budget.Key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = budget.Permits,
            Window = budget.Window,
            QueueLimit = 0,
        }),
        StringComparer.Ordinal);

    public AuthThrottle(IOptions<AuthThrottleOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = options.Value;
    }

    /// <summary>
    /// Counts one attempt and says whether it may go ahead. A null or blank address (the test
    /// server has none) shares the budget "unknown"; IPv6 addresses share a budget per /64, the
    /// block one subscriber is usually given. A blank account is limited by address only.
    /// </summary>
    public ThrottleDecision Check(AuthAction action, string? ipAddress, string? account)
    {
        var address = AddressKey(ipAddress);
        switch (action)
        {
            case AuthAction.SignIn:
                // Address first: a refused address does not also spend the account's budget, and one
                // address can open at most its own budget's worth of account windows.
                var byAddress = Acquire(new Budget($"signin:ip:{address}", _limits.SignInPerIpPerMinute, OneMinute));
                if (!byAddress.Allowed || string.IsNullOrWhiteSpace(account))
                {
                    return byAddress;
                }

                return Acquire(new Budget($"signin:acct:{AccountKey(account)}", _limits.SignInPerAccountPerFiveMinutes, FiveMinutes));

            case AuthAction.SignUp:
                return Acquire(new Budget($"signup:ip:{address}", _limits.SignUpPerIpPerHour, OneHour));

            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown authentication action.");
        }
    }

    /// <summary>
    /// Counts one attempt of this request's client (and account). A refused one gets its answer's
    /// status (429) and Retry-After header here, so every caller only has to say why.
    /// </summary>
    public ThrottleDecision CheckRequest(HttpContext http, AuthAction action, string? account)
    {
        ArgumentNullException.ThrowIfNull(http);
        var decision = Check(action, http.Connection.RemoteIpAddress?.ToString(), account);
        if (!decision.Allowed)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            SetRetryAfter(http.Response, decision);
        }

        return decision;
    }

    /// <summary>
    /// Sets Retry-After (whole seconds) for a refused attempt; does nothing for an allowed one.
    /// Pages set the 429 status and say so to the user themselves.
    /// </summary>
    public static void SetRetryAfter(HttpResponse response, ThrottleDecision decision)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!decision.Allowed)
        {
            response.Headers.RetryAfter = WholeSeconds(decision.RetryAfter).ToString(CultureInfo.InvariantCulture);
        }
    }

    public void Dispose() => _budgets.Dispose();

    private ThrottleDecision Acquire(Budget budget)
    {
        using var lease = _budgets.AttemptAcquire(budget);
        if (lease.IsAcquired)
        {
            return new ThrottleDecision(true, TimeSpan.Zero);
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : budget.Window;
        return new ThrottleDecision(false, TimeSpan.FromSeconds(WholeSeconds(retryAfter)));
    }

    private static int WholeSeconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    private static string AddressKey(string? ipAddress)
    {
        if (string.IsNullOrWhiteSpace(ipAddress))
        {
            return "unknown";
        }

        if (!IPAddress.TryParse(ipAddress.Trim(), out var address))
        {
            return ipAddress.Trim();
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        // A subscriber usually holds a whole /64 and can pick a fresh address per attempt.
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }

    private static string AccountKey(string account) => account.Trim().ToLowerInvariant();

    private readonly record struct Budget(string Key, int Permits, TimeSpan Window);
}

/// <summary>Attempt budgets for sign-in and sign-up, bound from RateLimits:Auth.</summary>
public sealed class AuthThrottleOptions
{
    /// <summary>Sign-in attempts one client address may make per minute. Defaults to 20.</summary>
    [Range(1, 100_000)]
    public int SignInPerIpPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts on one account, from any address, per five minutes. Defaults to 10.</summary>
    [Range(1, 100_000)]
    public int SignInPerAccountPerFiveMinutes { get; set; } = 10;

    /// <summary>Sign-ups one client address may make per hour. Defaults to 10.</summary>
    [Range(1, 100_000)]
    public int SignUpPerIpPerHour { get; set; } = 10;
}
