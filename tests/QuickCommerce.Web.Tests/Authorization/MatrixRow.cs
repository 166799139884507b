namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>
/// One endpoint's row: what each <see cref="Caller"/> gets from it. <see cref="Caller.OtherCustomer"/>
/// expects what <see cref="Caller.Customer"/> does unless the row says otherwise (per-customer data).
/// </summary>
public sealed class MatrixRow(
    string method,
    string pattern,
    Outcome anonymous,
    Outcome customer,
    Outcome merchant,
    Outcome pendingMerchant,
    Outcome rider,
    Outcome pendingRider,
    Outcome admin,
    Outcome suspendedCustomer)
{
    public string Method { get; } = method;

    public string Pattern { get; } = pattern;

    public string Key => $"{Method} {Pattern}";

    /// <summary>Defaults to what <see cref="Caller.Customer"/> gets.</summary>
    public Outcome? OtherCustomer { get; init; }

    /// <summary>The concrete path (route values and query) for one request of one caller. Defaults to the pattern.</summary>
    public Func<Caller, Task<string>>? PathFor { get; init; }

    /// <summary>The request body, made afresh for each request. Defaults to none.</summary>
    public Func<Caller, HttpContent?>? BodyFor { get; init; }

    /// <summary>Headers beyond the caller's credentials (an Idempotency-Key), set afresh on each request.</summary>
    public Action<HttpRequestMessage>? AddHeaders { get; init; }

    /// <summary>
    /// A check beyond the status, for every response whose status matched (refusals too): returns what
    /// is wrong, or null. Ownership and moderation rows use it to see that nothing leaked or changed.
    /// </summary>
    public Func<Caller, string, HttpResponseMessage, Task<string?>>? Verify { get; init; }

    public Outcome Expected(Caller caller) => caller switch
    {
        Caller.Anonymous => anonymous,
        Caller.Customer => customer,
        Caller.Merchant => merchant,
        Caller.PendingMerchant => pendingMerchant,
        Caller.Rider => rider,
        Caller.PendingRider => pendingRider,
        Caller.Admin => admin,
        Caller.SuspendedCustomer => suspendedCustomer,
        Caller.OtherCustomer => OtherCustomer ?? customer,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "Not a column of the matrix."),
    };
}
