using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>
/// How long a new order may wait for the shop (configuration section "MerchantAlerts"). Missed
/// new-order alerts are merchants' top complaint on other platforms, and a customer left waiting
/// is worse than one told "no" quickly: first a nudge by SMS/WhatsApp, then the platform answers.
/// </summary>
public sealed class MerchantAlertOptions : IValidatableObject
{
    public const string Section = "MerchantAlerts";

    /// <summary>Unanswered this long, the owner gets the SMS/WhatsApp nudge. Defaults to 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "MerchantAlerts:EscalateAfter must be between 10 seconds and 1 day (hh:mm:ss, e.g. \"00:01:00\").")]
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Still placed this long after it was placed, the order is rejected for the shop. Defaults to 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00", ErrorMessage = "MerchantAlerts:AutoRejectAfter must be between 30 seconds and 1 day (hh:mm:ss, e.g. \"00:05:00\").")]
    public TimeSpan AutoRejectAfter { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EscalateAfter >= AutoRejectAfter)
        {
            yield return new ValidationResult(
                "MerchantAlerts:EscalateAfter must be shorter than AutoRejectAfter, or the nudge comes after the order is gone.",
                [nameof(EscalateAfter), nameof(AutoRejectAfter)]);
        }
    }
}
