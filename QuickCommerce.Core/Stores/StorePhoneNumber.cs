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
        if (string.IsNullOrWhiteSpace(text))
        {
            return DomainError.Validation("phone", "Enter the shop's phone number.");
        }

        if (text.Length > 20 || text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')')))
        {
            return DomainError.Validation("phone", "A phone number has only digits, spaces, dashes and a leading +.");
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        var national = digits.Length switch
        {
            10 => digits,
            11 when digits[0] == '0' => digits[1..],
            12 when digits.StartsWith("91", StringComparison.Ordinal) => digits[2..],
            _ => null,
        };

        // Indian numbers never start with 0 after the trunk prefix: mobiles start 6-9, STD codes 1-8.
        if (national is null || national[0] == '0')
        {
            return DomainError.Validation("phone", "Enter a 10-digit Indian number: a mobile (98450 12345) or a landline with its STD code (080 4123 4567).");
        }

        return new StorePhoneNumber("+91" + national);
    }

    public override string ToString() => E164;
}
