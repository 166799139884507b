using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// Every endpoint and page route × every caller, against the real app: the identity issue's
/// authorisation matrix. All differences are reported at once, with the whole observed matrix.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixFixture fixture, ITestOutputHelper output)
    : IClassFixture<AuthorizationMatrixFixture>
{
    [Fact]
    public void Every_endpoint_has_a_row_in_the_matrix()
    {
        var endpoints = AppEndpoints.Discover(fixture.App.Services);
        var rows = AuthorizationMatrix.Rows(fixture);

        var endpointKeys = endpoints.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var rowKeys = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var withoutRow = endpoints.Where(e => !rowKeys.Contains(e.Key)).Select(e => $"  {e.Key}   ({e.DisplayName})").ToList();
        var withoutEndpoint = rows.Where(r => !endpointKeys.Contains(r.Key)).Select(r => $"  {r.Key}").ToList();
        var twice = rows.GroupBy(r => r.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"  {g.Key}").ToList();

        if (withoutRow.Count + withoutEndpoint.Count + twice.Count > 0)
        {
            var message = new StringBuilder();
            Section(message, "Endpoints without a row in AuthorizationMatrix (add one, with every caller's expected status):", withoutRow);
            Section(message, "Rows without an endpoint (removed or renamed?):", withoutEndpoint);
            Section(message, "Rows given twice:", twice);
            Section(message, "Endpoints the app maps (plumbing excluded):", [.. endpoints.Select(e => $"  {e.Key}")]);
            Assert.Fail(message.ToString());
        }
    }

    [Fact]
    public async Task Each_caller_gets_the_expected_status()
    {
        var rows = AuthorizationMatrix.Rows(fixture);
        var mismatches = new List<string>();
        var observed = new List<(string Key, Dictionary<Caller, string> Cells)>();
        var requests = 0;

        foreach (var row in rows)
        {
            var cells = new Dictionary<Caller, string>();
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var seen = new List<string>();
                foreach (var transport in TransportsFor(row, caller))
                {
                    requests++;
                    var (actual, problem) = await SendAsync(row, caller, transport);
                    seen.Add(actual);
                    if (problem is not null)
                    {
                        mismatches.Add($"{row.Key,-52} {caller} ({transport}): {problem}");
                    }
                }

                cells[caller] = seen.Distinct(StringComparer.Ordinal).Count() == 1 ? seen[0] : string.Join(" | ", seen);
            }

            observed.Add((row.Key, cells));
        }

        var table = Table(observed);
        output.WriteLine($"{requests} requests; bearer | cookie where they differ.");
        output.WriteLine(table);
        if (mismatches.Count > 0)
        {
            Assert.Fail($"{mismatches.Count} of {requests} requests got what the matrix does not expect:{Environment.NewLine}"
                + string.Join(Environment.NewLine, mismatches)
                + $"{Environment.NewLine}{Environment.NewLine}Observed (bearer | cookie where they differ):{Environment.NewLine}{table}");
        }
    }

    /// <summary>
    /// Anonymous callers send nothing. Signed-in callers use their bearer token everywhere (the policy
    /// scheme honours it on pages too) and, off the API, also their cookie, as a browser would.
    /// </summary>
    private static Transport[] TransportsFor(MatrixRow row, Caller caller) =>
        caller == Caller.Anonymous ? [Transport.None]
        : row.Pattern.StartsWith("/api/", StringComparison.Ordinal) ? [Transport.Bearer]
        : [Transport.Bearer, Transport.Cookie];

    /// <summary>Sends one request; returns what came back and, if it is not what the row expects, why.</summary>
    private async Task<(string Actual, string? Problem)> SendAsync(MatrixRow row, Caller caller, Transport transport)
    {
        string path;
        try
        {
            path = row.PathFor is null ? row.Pattern : await row.PathFor(caller);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            return ("setup failed", $"could not prepare the request: {ex.Message}");
        }

        var method = row.Method == AppEndpoints.AnyMethod ? HttpMethod.Get : new HttpMethod(row.Method);
        using var request = new HttpRequestMessage(method, path) { Content = row.BodyFor?.Invoke(caller) };
        row.AddHeaders?.Invoke(request);
        switch (transport)
        {
            case Transport.Bearer:
                request.Headers.Authorization = new("Bearer", fixture.AccessTokenOf(caller));
                break;
            case Transport.Cookie:
                request.Headers.Add("Cookie", fixture.CookieOf(caller));
                break;
        }

        using var response = await fixture.Client.SendAsync(request);
        var actual = Outcome.Observed(response);
        var expected = row.Expected(caller).ExpectedFor(path, transport);
        if (actual != expected)
        {
            return (actual, $"expected {expected}, got {actual}");
        }

        var wrong = row.Verify is null ? null : await row.Verify(caller, path, response);
        return (actual, wrong is null ? null : $"{actual} as expected, but {wrong}");
    }

    private static string Table(List<(string Key, Dictionary<Caller, string> Cells)> observed)
    {
        var callers = Enum.GetValues<Caller>();
        var keyWidth = observed.Max(r => r.Key.Length);
        var widths = callers.ToDictionary(
            c => c,
            c => Math.Max(c.ToString().Length, observed.Max(r => Short(r.Cells[c]).Length)));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"".PadRight(keyWidth)}");
        foreach (var caller in callers)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {caller.ToString().PadRight(widths[caller])}");
        }

        foreach (var (key, cells) in observed)
        {
            text.AppendLine().Append(key.PadRight(keyWidth));
            foreach (var caller in callers)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {Short(cells[caller]).PadRight(widths[caller])}");
            }
        }

        return text.ToString();
    }

    private static string Short(string cell) =>
        cell.Replace("302→/account/signin", "→signin", StringComparison.Ordinal)
            .Replace("302→/account/denied", "→denied", StringComparison.Ordinal);

    private static void Section(StringBuilder message, string title, List<string> lines)
    {
        if (lines.Count > 0)
        {
            message.AppendLine(title).AppendJoin(Environment.NewLine, lines).AppendLine().AppendLine();
        }
    }
}
