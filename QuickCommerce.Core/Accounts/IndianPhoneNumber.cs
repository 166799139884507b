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
        if (string.IsNullOrWhiteSpace(text))
        {
            return DomainError.Validation("phone", "Enter your mobile number.");
        }

        if (text.Length > 20 || text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')')))
        {
            return DomainError.Validation("phone", "A mobile number has only digits, spaces, dashes and a leading +.");
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        var national = digits.Length switch
        {
            10 => digits,
            11 when digits[0] == '0' => digits[1..],
            12 when digits.StartsWith("91", StringComparison.Ordinal) => digits[2..],
            _ => null,
        };
        if (national is null || national[0] is < '6' or > '9')
        {
            return DomainError.Validation("phone", "Enter a 10-digit Indian mobile number, e.g. 98450 12345.");
        }

        return new IndianPhoneNumber("+91" + national);
    }

    public override string ToString() => E164;
}
