using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace QuickCommerce.Web.Tests.Accounts;

/// <summary>What the browser got back: the status, where it was sent, the page, and the cookies it now holds.</summary>
public sealed record PageResponse(HttpStatusCode Status, string? Location, string Html, HttpResponseMessage Message)
{
    /// <summary>The page as a person reads it (entities decoded), for checking messages.</summary>
    public string Text => WebUtility.HtmlDecode(Html);

    /// <summary>The path <see cref="Location"/> points to, with its query, whether it was sent absolute or relative.</summary>
    public string? LocationPath => Location is null
        ? null
        : new Uri(new Uri("http://localhost"), Location).PathAndQuery;

    /// <summary>The text of the first element matching <paramref name="selector"/>, trimmed; null when there is none.</summary>
    public string? TextOf(string selector) =>
        new HtmlParser().ParseDocument(Html).QuerySelector(selector)?.TextContent.Trim();

    /// <summary>The Set-Cookie header for <paramref name="name"/> (a new value, or a clearing one with an expiry in the past); null when none.</summary>
    public string? SetCookie(string name) =>
        Message.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
            : null;
}

/// <summary>
/// Fills in and submits the static SSR forms as a browser without JavaScript does: loads the page,
/// finds the form by its Blazor form name, types into the fields a person finds by their id
/// (the label's <c>for</c>), and posts them under the <c>name</c> the page gave them, with the
/// form's hidden <c>_handler</c> and antiforgery token. The client keeps cookies and does not
/// follow redirects, so a test sees the 302 and where it goes.
/// </summary>
public sealed class FormPoster(HttpClient client) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    public void Dispose() => Client.Dispose();

    public async Task<PageResponse> GetAsync(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    /// <summary>
    /// Loads <paramref name="path"/>, fills the form named <paramref name="formName"/> (fields keyed
    /// by element id; a field not given keeps what the page put in it) and submits it to the page's own address.
    /// </summary>
    public async Task<PageResponse> SubmitAsync(string path, string formName, IReadOnlyDictionary<string, string> fieldsById)
    {
        ArgumentNullException.ThrowIfNull(fieldsById);
        var (form, body) = await LoadFormAsync(path, formName);
        foreach (var (id, value) in fieldsById)
        {
            var field = form.QuerySelector($"#{id}") ?? throw new ShouldAssertException($"Form {formName} on {path} has no field #{id}.");
            var name = field.GetAttribute("name");
            name.ShouldNotBeNullOrEmpty($"#{id} on {path} has no name, so a browser would not send it");
            body.Add(new(name!, value));
        }

        return await PostAsync(ActionOf(form, path), body);
    }

    /// <summary>
    /// Loads <paramref name="path"/> and submits the form named <paramref name="formName"/> with
    /// <paramref name="fieldsByName"/> under exactly those names (plus the form's hidden
    /// <c>_handler</c> and antiforgery token), whatever names the page rendered.
    /// </summary>
    public async Task<PageResponse> SubmitByNameAsync(string path, string formName, IReadOnlyDictionary<string, string> fieldsByName)
    {
        ArgumentNullException.ThrowIfNull(fieldsByName);
        var (form, body) = await LoadFormAsync(path, formName);
        body.AddRange(fieldsByName);
        return await PostAsync(ActionOf(form, path), body);
    }

    /// <summary>Posts exactly <paramref name="fields"/>, for requests no rendered form would make.</summary>
    public async Task<PageResponse> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    /// <summary>The antiforgery token the page rendered (the value a browser posts back with a form).</summary>
    public static string AntiforgeryToken(string html)
    {
        var document = Parser.ParseDocument(html);
        var token = document.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        token.ShouldNotBeNull("the page renders no antiforgery token");
        return token.Value;
    }

    private async Task<(IElement Form, List<KeyValuePair<string, string>> HiddenFields)> LoadFormAsync(string path, string formName)
    {
        var page = await GetAsync(path);
        page.Status.ShouldBe(HttpStatusCode.OK, $"GET {path} before submitting {formName}");
        var form = FindForm(page.Html, formName);
        var hidden = form.QuerySelectorAll("input[type=hidden]")
            .OfType<IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .ToList();
        return (form, hidden);
    }

    /// <summary>Where a browser sends the form: its action, or the page's own address.</summary>
    private static string ActionOf(IElement form, string path) =>
        form.GetAttribute("action") is { Length: > 0 } action ? action : path;

    private static IElement FindForm(string html, string formName)
    {
        var document = Parser.ParseDocument(html);
        var handler = document.QuerySelectorAll("form input[name=_handler]")
            .OfType<IHtmlInputElement>()
            .FirstOrDefault(i => i.Value == formName);
        handler.ShouldNotBeNull($"the page has no form named {formName}");
        return handler.Closest("form")!;
    }

    private static async Task<PageResponse> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync(), response);
}
