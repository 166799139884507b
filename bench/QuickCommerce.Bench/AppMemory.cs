using System.Globalization;

namespace QuickCommerce.Bench;

/// <summary>The app's resident set (VmRSS in /proc/&lt;pid&gt;/status), in MB; null when no pid was given or Linux has none.</summary>
internal static class AppMemory
{
    public static double? ResidentMb(int? pid)
    {
        if (pid is not { } id || !File.Exists($"/proc/{id}/status"))
        {
            return null;
        }

        // "VmRSS:	  215564 kB"
        var line = File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? null : Math.Round(long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
