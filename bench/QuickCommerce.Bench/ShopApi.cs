using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QuickCommerce.Bench;

/// <summary>
/// The QuickCommerce HTTP API as a client uses it: bearer tokens from POST /api/v1/auth/token, JSON
/// bodies, problem details on refusals. One shared HttpClient (connection pool) for all callers;
/// the token travels on each request, so many accounts share it.
/// </summary>
internal sealed partial class ShopApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http { get; } = http;

    public async Task<string> SignInAsync(string login, string password)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/auth/token", new { login, password }, Json);
        await EnsureAsync(response, $"sign in as {login}");
        var pair = await response.Content.ReadFromJsonAsync<TokenPair>(Json);
        return pair?.AccessToken ?? throw new InvalidOperationException($"No access token for {login}.");
    }

    /// <summary>
    /// Signs a customer up through /account/signup as a browser without JavaScript does (there is no
    /// sign-up API): loads the page for its antiforgery cookie and token, then posts the form.
    /// </summary>
    public async Task SignUpCustomerAsync(string fullName, string phone, string email, string password)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = Http.BaseAddress };
        var page = await browser.GetStringAsync(new Uri("/account/signup", UriKind.Relative));
        var fields = HiddenInputs(page).ToList();
        fields.Add(new("Form.FullName", fullName));
        fields.Add(new("Form.Phone", phone));
        fields.Add(new("Form.Email", email));
        fields.Add(new("Form.Password", password));
        fields.Add(new("Form.ConfirmPassword", password));
        using var form = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(new Uri("/account/signup", UriKind.Relative), form);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException(
                $"Signing up {phone} gave {(int)response.StatusCode} instead of a redirect (rate limit? RateLimits__Auth__SignUpPerIpPerHour).");
        }
    }

    public async Task<T> GetAsync<T>(string path, string? token = null)
    {
        using var request = Request(HttpMethod.Get, path, token);
        using var response = await Http.SendAsync(request);
        await EnsureAsync(response, $"GET {path}");
        return await response.Content.ReadFromJsonAsync<T>(Json) ?? throw new InvalidOperationException($"GET {path} returned nothing.");
    }

    public async Task<T> PostAsync<T>(string path, object body, string? token = null)
    {
        using var request = Request(HttpMethod.Post, path, token);
        request.Content = JsonContent.Create(body, options: Json);
        using var response = await Http.SendAsync(request);
        await EnsureAsync(response, $"POST {path}");
        return await response.Content.ReadFromJsonAsync<T>(Json) ?? throw new InvalidOperationException($"POST {path} returned nothing.");
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>The outcome of a response: its status and, for a refusal, the problem's title (so "409 short of stock" is told from "409 in flight").</summary>
    public static async Task<RequestOutcome> OutcomeOfAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            // Read the body: a client waits for all of it, and so does the latency.
            await response.Content.ReadAsByteArrayAsync();
            return new RequestOutcome(status, null);
        }

        return new RequestOutcome(status, await ProblemTitleAsync(response));
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {await ProblemTitleAsync(response)}");
        }
    }

    private static async Task<string?> ProblemTitleAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return text.Length == 0 ? null : text[..Math.Min(text.Length, 80)];
        }

        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
    }

    /// <summary>The hidden inputs (_handler, __RequestVerificationToken) of the page's customer-signup form.</summary>
    private static IEnumerable<KeyValuePair<string, string>> HiddenInputs(string html)
    {
        var form = FormTag().Matches(html).Select(m => m.Value).FirstOrDefault(f => f.Contains("\"customer-signup\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("/account/signup has no customer-signup form.");
        foreach (var input in InputTag().Matches(form).Select(m => m.Value).Where(i => i.Contains("type=\"hidden\"", StringComparison.Ordinal)))
        {
            var name = NameAttribute().Match(input);
            var value = ValueAttribute().Match(input);
            if (name.Success)
            {
                yield return new(WebUtility.HtmlDecode(name.Groups[1].Value), value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : string.Empty);
            }
        }
    }

    [GeneratedRegex("<form[\\s\\S]*?</form>")]
    private static partial Regex FormTag();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("\\sname=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\svalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    private sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn);
}
