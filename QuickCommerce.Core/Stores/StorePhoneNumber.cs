using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Stores;

/// <summary>
/// A shop's contact number in E.164 form (+91 and ten digits), however it was typed. Unlike a
/// person's <see cref="Accounts.IndianPhoneNumber"/> it may be a landline with its STD code, as
/// many kiranas answer the shop's fixed line: "080 4123 4567" and "+91 80 4123 4567" are both
/// +918041234567; "98450 12345" is +919845012345.
/// </summary>
public readonly record struct StorePhoneNumber
{
    private StorePhoneNumber(string e164) => E164 = e164;

    /// <summary>The number as +91XXXXXXXXXX.</summary>
    public string E164 { get; }

    public static Result<StorePhoneNumber> Parse(string? text)
    {
        // Indian numbers never start with 0 after the trunk prefix: mobiles start 6-9, STD codes 1-8.
        var national = IndianNumber.NationalDigits(
            text,
            "phone number",
            "Enter the shop's phone number.",
            "Enter a 10-digit Indian number: a mobile (98450 12345) or a landline with its STD code (080 4123 4567).",
            first => first != '0');
        return national.IsSuccess ? new StorePhoneNumber("+91" + national.Value) : national.Error!;
    }

    public override string ToString() => E164;
}
