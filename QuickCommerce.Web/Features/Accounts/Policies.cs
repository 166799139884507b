namespace QuickCommerce.Web.Features.Accounts;

/// <summary>Authorisation policy names. Merchant and Rider require an approved account, not just the role.</summary>
public static class Policies
{
    public const string Customer = "customer";
    public const string Merchant = "merchant";
    public const string Rider = "rider";
    public const string Admin = "admin";

    /// <summary>Any signed-in account that is not suspended (its own profile, sign-out, the pending page).</summary>
    public const string SignedIn = "signed-in";
}
