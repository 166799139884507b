using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Accounts;

/// <summary>
/// An Indian mobile number in E.164 form (+91 and ten digits starting 6–9), however it was typed:
/// "98450 12345", "+91-98450-12345", "098450 12345" and "919845012345" are all +919845012345.
/// </summary>
public readonly record struct IndianPhoneNumber
{
    private IndianPhoneNumber(string e164) => E164 = e164;

    /// <summary>The number as +91XXXXXXXXXX.</summary>
    public string E164 { get; }

    public static Result<IndianPhoneNumber> Parse(string? text)
    {
        var national = IndianNumber.NationalDigits(
            text,
            "mobile number",
            "Enter your mobile number.",
            "Enter a 10-digit Indian mobile number, e.g. 98450 12345.",
            first => first is >= '6' and <= '9');
        return national.IsSuccess ? new IndianPhoneNumber("+91" + national.Value) : national.Error!;
    }

    public override string ToString() => E164;
}
