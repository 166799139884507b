using System.ComponentModel.DataAnnotations;
using QuickCommerce.Core.Accounts;

namespace QuickCommerce.Web.Features.Accounts;

/// <summary>What every sign-up form asks for.</summary>
public class SignUpForm
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(AccountRules.NameMaxLength, ErrorMessage = "Keep your name under 80 characters.")]
    public string FullName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your mobile number.")]
    [StringLength(20, ErrorMessage = "That is too long for a mobile number.")]
    public string Phone { get; set; } = string.Empty;

    /// <summary>Optional: a blank field (which browsers post as "") means no email.</summary>
    [EmailAddress(ErrorMessage = "That email address does not look right.")]
    [StringLength(AccountRules.EmailMaxLength, ErrorMessage = "Keep the email under 120 characters.")]
    public string? Email
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(AccountRules.PasswordMaxLength, MinimumLength = AccountRules.PasswordMinLength, ErrorMessage = "Use at least 8 characters.")]
    public string Password { get; set; } = string.Empty;

    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    public string ConfirmPassword { get; set; } = string.Empty;
}

/// <summary>A shop owner also tells us about the shop.</summary>
public sealed class MerchantSignUpForm : SignUpForm
{
    [Required(ErrorMessage = "Enter the shop's name.")]
    [StringLength(120, ErrorMessage = "Keep the shop's name under 120 characters.")]
    public string StoreName { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the shop's address.")]
    [StringLength(AccountRules.AddressMaxLength, ErrorMessage = "Keep the address under 300 characters.")]
    public string AddressLine { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the locality, e.g. Indiranagar.")]
    [StringLength(80, ErrorMessage = "Keep the locality under 80 characters.")]
    public string Locality { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter the 6-digit pincode.")]
    [RegularExpression("^[1-9][0-9]{5}$", ErrorMessage = "A pincode has 6 digits and does not start with 0.")]
    public string Pincode { get; set; } = string.Empty;

    [Required(ErrorMessage = "Give the shop's latitude (use the location button in the shop).")]
    [Range(-90.0, 90.0, ErrorMessage = "Latitude must be between -90 and 90.")]
    public double? Latitude { get; set; }

    [Required(ErrorMessage = "Give the shop's longitude (use the location button in the shop).")]
    [Range(-180.0, 180.0, ErrorMessage = "Longitude must be between -180 and 180.")]
    public double? Longitude { get; set; }

    /// <summary>Optional; accepted in any case and stored upper-cased.</summary>
    [RegularExpression("^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$", ErrorMessage = "A GSTIN has 15 characters, like 29ABCDE1234F1Z5.")]
    public string? Gstin
    {
        get;
        set => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();
    }
}

/// <summary>A rider also says what they ride.</summary>
public sealed class RiderSignUpForm : SignUpForm
{
    [Required(ErrorMessage = "Choose your vehicle.")]
    public string VehicleType { get; set; } = string.Empty;
}

/// <summary>Phone or email, and the password.</summary>
public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your mobile number or email.")]
    [StringLength(AccountRules.EmailMaxLength, ErrorMessage = "That is too long for a phone or email.")]
    public string Login { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(AccountRules.PasswordMaxLength, ErrorMessage = "That password is too long.")]
    public string Password { get; set; } = string.Empty;

    public bool RememberMe { get; set; } = true;
}
