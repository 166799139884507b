namespace QuickCommerce.Web.Security;

/// <summary>
/// Browser-hardening headers on every response: pages, API, static files and error responses alike.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// What the app's own pages need and nothing more. Scripts only from our origin and never inline
    /// (locate.js, blazor.web.js and MudBlazor.min.js are files; Interactive Server needs no eval).
    /// Styles allow 'unsafe-inline' because MudBlazor writes style attributes; that is the one
    /// concession. connect-src allows ws:/wss: for the Blazor circuit and SignalR hubs.
    /// Images from another origin (an S3/CDN product image host) must be added to img-src here.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; " +
        "frame-ancestors 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "object-src 'none'";

    public const string PermissionsPolicy = "geolocation=(self), camera=(), microphone=()";

    /// <summary>
    /// Adds the headers just before each response starts. Call it first in the pipeline: the
    /// headers are set in Response.OnStarting, so they survive responses written by later
    /// middleware, including the exception handler, which clears the headers it finds.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(ApplyHeaders, context.Response);
            return next(context);
        });
    }

    private static Task ApplyHeaders(object state)
    {
        var headers = ((HttpResponse)state).Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return Task.CompletedTask;
    }
}
