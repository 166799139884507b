namespace QuickCommerce.Core.Accounts;

/// <summary>Limits on what people type into account forms, shared by pages, API and database.</summary>
public static class AccountRules
{
    public const int NameMaxLength = 80;
    public const int EmailMaxLength = 120;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int ReasonMaxLength = 300;
    public const int AddressMaxLength = 300;
    public const int LabelMaxLength = 30;

    /// <summary>Vehicles riders sign up with.</summary>
    public static IReadOnlyList<string> VehicleTypes { get; } = ["Bicycle", "Scooter", "Motorcycle", "E-bike"];
}
