using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>An endpoint as the matrix keys it: "GET /api/v1/auth/me", "GET /merchant", "ANY /health/live".</summary>
public sealed record AppEndpoint(string Method, string Pattern, string DisplayName)
{
    public string Key => $"{Method} {Pattern}";
}

/// <summary>Every route the running app answers, read from its endpoint data sources, less framework plumbing.</summary>
public static class AppEndpoints
{
    /// <summary>Key method for endpoints that take any method (health checks); the matrix sends them GET.</summary>
    public const string AnyMethod = "ANY";

    // Blazor's own routes: the circuit hub and negotiation, its scripts and the app's package content.
    // Listed by name so a reader sees exactly what the matrix does not cover.
    private static readonly string[] PlumbingPrefixes = ["/_blazor", "/_framework/", "/_content/"];

    public static IReadOnlyList<AppEndpoint> Discover(IServiceProvider services)
    {
        var endpoints = services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => !IsPlumbing(endpoint));

        var found = new List<AppEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var name = endpoint.DisplayName ?? pattern;

            // Razor component pages also accept POST for their forms; the route's access is what a GET shows.
            if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                found.Add(new AppEndpoint(HttpMethods.Get, pattern, name));
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (methods is null || methods.Count == 0)
            {
                found.Add(new AppEndpoint(AnyMethod, pattern, name));
                continue;
            }

            found.AddRange(methods.Select(method => new AppEndpoint(method, pattern, name)));
        }

        return [.. found.DistinctBy(e => e.Key).OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
    }

    private static bool IsPlumbing(RouteEndpoint endpoint)
    {
        // MapStaticAssets: wwwroot files, scoped CSS bundles and package content, each with its descriptor.
        if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
        {
            return true;
        }

        var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
        if (PlumbingPrefixes.Any(prefix => pattern.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // Any other file route is an asset, not an action: a literal file name ("/favicon.ico") or a
        // parameter constrained to file names (the development-time static web assets fallback, "/{**path:file}").
        var lastSegment = pattern[(pattern.LastIndexOf('/') + 1)..];
        return lastSegment.Contains(":file}", StringComparison.OrdinalIgnoreCase)
            || (!lastSegment.Contains('{', StringComparison.Ordinal) && Path.HasExtension(lastSegment));
    }
}
