using System.Globalization;

namespace QuickCommerce.Web.Api;

/// <summary>
/// Parses query-string values by hand so that a bad value becomes a ValidationProblem naming the
/// field ("lat": "Latitude must be a number ..."), not a bare 400 from the binder.
/// </summary>
public sealed class QueryParameters
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    /// <summary>A required number, or an error when missing, not a number, or outside [min, max].</summary>
    public double RequiredNumber(string? raw, string field, string label, double min, double max)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            Add(field, $"{label} is required.");
            return double.NaN;
        }

        return Number(raw, field, label, min, max, double.NaN);
    }

    /// <summary>An optional number with a default when absent.</summary>
    public double OptionalNumber(string? raw, string field, string label, double min, double max, double fallback) =>
        string.IsNullOrWhiteSpace(raw) ? fallback : Number(raw, field, label, min, max, fallback);

    /// <summary>An optional true/false flag.</summary>
    public bool OptionalFlag(string? raw, string field)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        if (bool.TryParse(raw, out var value))
        {
            return value;
        }

        Add(field, $"{field} must be true or false.");
        return false;
    }

    public void Add(string field, string message) => _errors[field] = [message];

    private double Number(string raw, string field, string label, double min, double max, double fallback)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Add(field, $"{label} must be a number.");
            return fallback;
        }

        if (value < min || value > max)
        {
            Add(field, $"{label} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
            return fallback;
        }

        return value;
    }
}
