namespace QuickCommerce.Core.Common;

/// <summary>
/// The shared reading of an Indian phone number as people type it: spaces, dashes, brackets, a
/// leading 0 (trunk prefix) or +91/91. What counts as a valid first digit is the caller's rule.
/// </summary>
internal static class IndianNumber
{
    /// <summary>
    /// The ten national digits, or an error: <paramref name="missing"/> for blank input, a message
    /// about stray characters naming <paramref name="noun"/>, and <paramref name="wrongShape"/> for
    /// anything but ten digits (after the prefixes) whose first one <paramref name="firstDigitOk"/> accepts.
    /// </summary>
    public static Result<string> NationalDigits(string? text, string noun, string missing, string wrongShape, Func<char, bool> firstDigitOk)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DomainError.Validation("phone", missing);
        }

        if (text.Length > 20 || text.Any(c => !(char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')')))
        {
            return DomainError.Validation("phone", $"A {noun} has only digits, spaces, dashes and a leading +.");
        }

        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        var national = digits.Length switch
        {
            10 => digits,
            11 when digits[0] == '0' => digits[1..],
            12 when digits.StartsWith("91", StringComparison.Ordinal) => digits[2..],
            _ => null,
        };
        if (national is null || !firstDigitOk(national[0]))
        {
            return DomainError.Validation("phone", wrongShape);
        }

        return national;
    }
}
