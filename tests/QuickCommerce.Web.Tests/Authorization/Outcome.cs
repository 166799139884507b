namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// One cell of the matrix. <see cref="SignIn"/> and <see cref="Denied"/> name what happens rather
/// than a status, because the status depends on how the caller came: the API and bearer callers get
/// 401/403, a browser (cookie or no credentials) on a page is redirected to /account/signin or
/// /account/denied.
/// </summary>
public readonly record struct Outcome
{
    public static readonly Outcome Ok = Status(200);
    public static readonly Outcome Created = Status(201);
    public static readonly Outcome NoContent = Status(204);
    public static readonly Outcome BadRequest = Status(400);
    public static readonly Outcome NotFound = Status(404);
    public static readonly Outcome SignIn = new(401, "/account/signin");
    public static readonly Outcome Denied = new(403, "/account/denied");

    // The status an API or bearer caller gets; a browser on a page is redirected to _redirect instead.
    private readonly int _status;
    private readonly string? _redirect;

    private Outcome(int status, string? redirect)
    {
        _status = status;
        _redirect = redirect;
    }

    public static Outcome Status(int status) => new(status, null);

    /// <summary>What the response must show, written as <see cref="Observed"/> writes a response.</summary>
    public string ExpectedFor(string path, Transport transport)
    {
        ArgumentNullException.ThrowIfNull(path);

        // As AccountsComposition says: the cookie handler answers /api and /hubs paths with a status, and the
        // bearer handler never redirects.
        var statusOnly = transport == Transport.Bearer
            || path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/hubs/", StringComparison.OrdinalIgnoreCase);
        return _redirect is null || statusOnly
            ? _status.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"302→{_redirect}";
    }

    /// <summary>"200", "403", or "302→/account/signin" (the redirect's path, without its query).</summary>
    public static string Observed(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
            return $"{status}→{target.AbsolutePath}";
        }

        return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
