using QuickCommerce.Core.Common;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>
/// Why an inventory change was refused. Unlike <see cref="DomainError"/> it carries every field's
/// errors at once (a form shows them all) and, for a conflict, the product as it is now, so the
/// merchant sees what someone else changed and decides again.
/// </summary>
public sealed record InventoryRefusal(ErrorKind Kind, string Code, string Title, IReadOnlyDictionary<string, string[]> Errors, InventoryItem? Current = null)
{
    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    public static InventoryRefusal NotFound { get; } =
        new(ErrorKind.NotFound, "product.not-found", "There is no such product in your shop.", NoErrors);

    public static InventoryRefusal NoStore { get; } =
        new(ErrorKind.NotFound, "store.not-found", "No shop is linked to this account yet.", NoErrors);

    /// <summary>One validation refusal listing every problem by field.</summary>
    public static InventoryRefusal Invalid(IEnumerable<DomainError> problems, string title = "Some details need fixing.")
    {
        var errors = problems
            .GroupBy(p => p.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        return new InventoryRefusal(ErrorKind.Validation, "inventory.invalid", title, errors);
    }

    public static InventoryRefusal Invalid(string field, string message) => Invalid([DomainError.Validation(field, message)], message);

    public static InventoryRefusal Conflict(DomainError error, InventoryItem current)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new InventoryRefusal(ErrorKind.Conflict, error.Code, error.Message, NoErrors, current);
    }

    /// <summary>All messages in one sentence, for a snackbar.</summary>
    public string Message => Errors.Count == 0 ? Title : string.Join(" ", Errors.Values.SelectMany(m => m));
}

/// <summary>The outcome of an inventory change: a value, or why it was refused (nothing written).</summary>
public readonly record struct InventoryResult<T>
{
    private InventoryResult(T? value, InventoryRefusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public InventoryRefusal? Refusal { get; }

    public bool IsSuccess => Refusal is null;

    public static InventoryResult<T> Success(T value) => new(value, null);

    public static InventoryResult<T> Refused(InventoryRefusal refusal) => new(default, refusal);

    public static implicit operator InventoryResult<T>(T value) => Success(value);

    public static implicit operator InventoryResult<T>(InventoryRefusal refusal) => Refused(refusal);
}
