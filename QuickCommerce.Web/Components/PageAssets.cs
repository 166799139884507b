namespace QuickCommerce.Web.Components;

/// <summary>
/// Which pages load the Blazor and MudBlazor assets. Customer pages are static SSR with a few
/// lines of plain JS, to stay within 60 KB on a phone's first visit; the merchant and admin
/// dashboards run Interactive Server and need the full kit.
/// </summary>
public static class PageAssets
{
    private static readonly string[] DashboardPrefixes = ["/merchant", "/admin"];

    public static bool IsDashboard(PathString? path) =>
        path is { HasValue: true } p && DashboardPrefixes.Any(prefix => p.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));
}
