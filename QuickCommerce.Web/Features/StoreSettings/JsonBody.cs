using System.Globalization;
using System.Text.Json;

namespace QuickCommerce.Web.Features.StoreSettings;

/// <summary>
/// Reads a JSON request body by hand, as <see cref="Api.QueryParameters"/> reads a query string: a
/// value of the wrong type ("deliveryRadiusMetres": "far") becomes an error naming its field, not
/// a bare 400 from the binder that says only that the body could not be read. Property names are
/// matched case-insensitively, as the app's JSON options do.
/// </summary>
public sealed class JsonBody
{
    /// <summary>A settings body is a few hundred bytes; anything near this is not one.</summary>
    private const int MaxBytes = 64 * 1024;

    private readonly JsonElement _element;
    private readonly FieldErrors _errors;
    private readonly string _prefix;

    private JsonBody(JsonElement element, FieldErrors errors, string prefix)
    {
        _element = element;
        _errors = errors;
        _prefix = prefix;
    }

    /// <summary>The body as a JSON object, or null with a "body" error when it is missing, too big or not an object.</summary>
    public static async Task<JsonBody?> ReadAsync(HttpRequest request, FieldErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        if (request.ContentLength > MaxBytes)
        {
            errors.Add("body", "The body is too large.");
            return null;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new JsonBody(document.RootElement.Clone(), errors, string.Empty);
            }
        }
        catch (JsonException)
        {
            // Reported below with the empty and non-object bodies.
        }

        errors.Add("body", "Send a JSON object.");
        return null;
    }

    /// <summary>A whole number, or null (with an error unless it is absent and optional).</summary>
    public long? WholeNumber(string name, bool required = true)
    {
        if (Find(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        return Fail<long>(name, "must be a whole number.");
    }

    public bool? Boolean(string name, bool required = true)
    {
        if (Find(name, required) is not { } value)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : Fail<bool>(name, "must be true or false.");
    }

    /// <summary>A string; JSON null reads as absent.</summary>
    public string? Text(string name, bool required = true)
    {
        if (Find(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Add(name, "must be text.");
        return null;
    }

    /// <summary>A calendar day written as yyyy-MM-dd.</summary>
    public DateOnly? Day(string name, bool required = true)
    {
        if (Find(name, required) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : Fail<DateOnly>(name, "must be a date written as yyyy-MM-dd.");
    }

    /// <summary>The objects of an array, each read with its index in the field names ("hours[2].opens"); null items stay null.</summary>
    public IReadOnlyList<JsonBody?>? Objects(string name, bool required = true)
    {
        if (Find(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(name, "must be a list.");
            return null;
        }

        var items = new List<JsonBody?>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"{_prefix}{name}[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                items.Add(new JsonBody(item, _errors, path + "."));
            }
            else
            {
                _errors.Add(path, "must be an object.");
                items.Add(null);
            }

            index++;
        }

        return items;
    }

    private JsonElement? Find(string name, bool required)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                return property.Value;
            }
        }

        if (required)
        {
            Add(name, "is required.");
        }

        return null;
    }

    private T? Fail<T>(string name, string problem)
        where T : struct
    {
        Add(name, problem);
        return null;
    }

    private void Add(string name, string problem) => _errors.Add(_prefix + name, $"{_prefix}{name} {problem}");
}
