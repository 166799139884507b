using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// How long a customer has to answer a shop's changes to their order (configuration section
/// "OrderChanges"). Short, because the order is on hold and its substitutes are off the shelf until
/// then; without an answer the platform does what the customer chose at checkout.
/// </summary>
public sealed class OrderChangesOptions
{
    public const string Section = "OrderChanges";

    /// <summary>From the shop's proposal to the customer's default applying. Defaults to 3 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:30:00", ErrorMessage = "OrderChanges:ApprovalWindow must be between 30 seconds and 30 minutes (hh:mm:ss, e.g. \"00:03:00\"): the customer needs time to read the changes, and the order and its substitutes are on hold until they answer.")]
    public TimeSpan ApprovalWindow { get; set; } = TimeSpan.FromMinutes(3);
}
