namespace QuickCommerce.Web.Tests.Authorization;

/// <summary>Who sends a request in the authorisation matrix: one column each.</summary>
public enum Caller
{
    Anonymous,
    Customer,
    Merchant,
    PendingMerchant,
    Rider,
    PendingRider,
    Admin,
    SuspendedCustomer,

    /// <summary>
    /// A second approved customer: same role as <see cref="Customer"/>, owning other resources.
    /// Rows with per-customer data send it at the customer's resources; other rows expect what the
    /// customer gets. When merchants or riders get owned resources (a store's products, a rider's
    /// jobs), add OtherMerchant / OtherRider here and in the fixture the same way.
    /// </summary>
    OtherCustomer,
}

/// <summary>How a signed-in caller presents itself: the API's bearer token, or the pages' cookie.</summary>
public enum Transport
{
    None,
    Bearer,
    Cookie,
}
