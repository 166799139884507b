using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QuickCommerce.TestSupport;
using QuickCommerce.Web.Features.Merchant;

namespace QuickCommerce.Web.Tests.Merchant;

/// <summary>
/// The shop's timings ("MerchantAlerts", "OrderChanges"): appsettings.json names each with the
/// default the code has, and start-up refuses nonsense (ValidateOnStart) with a message naming the setting.
/// </summary>
public sealed class MerchantTimingOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Errors(new OrderChangesOptions()).ShouldBeEmpty();
        Errors(new MerchantAlertOptions()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:03:00")]
    [InlineData("00:00:29")]
    [InlineData("01:00:00")]
    public void An_approval_window_of_nothing_negative_or_hours_is_refused(string window)
    {
        Errors(new OrderChangesOptions { ApprovalWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) })
            .ShouldHaveSingleItem().ShouldStartWith("OrderChanges:ApprovalWindow must be between 30 seconds and 30 minutes");
    }

    [Theory]
    [InlineData("00:00:00", "00:05:00", "MerchantAlerts:EscalateAfter must be between 10 seconds and 1 day")]
    [InlineData("-00:01:00", "00:05:00", "MerchantAlerts:EscalateAfter must be between 10 seconds and 1 day")]
    [InlineData("00:01:00", "00:00:00", "MerchantAlerts:AutoRejectAfter must be between 30 seconds and 1 day")]
    [InlineData("00:01:00", "-00:05:00", "MerchantAlerts:AutoRejectAfter must be between 30 seconds and 1 day")]
    [InlineData("00:05:00", "00:05:00", "MerchantAlerts:EscalateAfter must be shorter than AutoRejectAfter")]
    [InlineData("00:10:00", "00:05:00", "MerchantAlerts:EscalateAfter must be shorter than AutoRejectAfter")]
    public void Alert_times_of_nothing_negative_or_out_of_order_are_refused(string escalateAfter, string autoRejectAfter, string error)
    {
        var options = new MerchantAlertOptions
        {
            EscalateAfter = TimeSpan.Parse(escalateAfter, System.Globalization.CultureInfo.InvariantCulture),
            AutoRejectAfter = TimeSpan.Parse(autoRejectAfter, System.Globalization.CultureInfo.InvariantCulture),
        };

        Errors(options).ShouldHaveSingleItem().ShouldStartWith(error);
    }

    [Fact]
    public async Task The_shipped_settings_name_every_timing_with_the_codes_default()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new QuickCommerceApp(database);

        var configuration = app.Services.GetRequiredService<IConfiguration>();

        configuration[$"{OrderChangesOptions.Section}:ApprovalWindow"].ShouldBe("00:03:00");
        configuration[$"{MerchantAlertOptions.Section}:EscalateAfter"].ShouldBe("00:01:00");
        configuration[$"{MerchantAlertOptions.Section}:AutoRejectAfter"].ShouldBe("00:05:00");
        app.Services.GetRequiredService<IOptions<OrderChangesOptions>>().Value.ApprovalWindow.ShouldBe(new OrderChangesOptions().ApprovalWindow);
        var alerts = app.Services.GetRequiredService<IOptions<MerchantAlertOptions>>().Value;
        (alerts.EscalateAfter, alerts.AutoRejectAfter).ShouldBe((new MerchantAlertOptions().EscalateAfter, new MerchantAlertOptions().AutoRejectAfter));
    }

    [Theory]
    [InlineData("OrderChanges:ApprovalWindow", "00:00:00", "OrderChanges:ApprovalWindow must be between 30 seconds and 30 minutes")]
    [InlineData("MerchantAlerts:AutoRejectAfter", "-00:05:00", "MerchantAlerts:AutoRejectAfter must be between 30 seconds and 1 day")]
    [InlineData("MerchantAlerts:EscalateAfter", "00:10:00", "MerchantAlerts:EscalateAfter must be shorter than AutoRejectAfter")]
    public async Task The_app_does_not_start_with_a_nonsense_timing_and_says_which(string key, string value, string error)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new QuickCommerceApp(database);
        app.Settings[key] = value;

        var refused = Should.Throw<OptionsValidationException>(() => app.Services);

        refused.Failures.ShouldHaveSingleItem().ShouldContain(error);
    }

    private static List<string?> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage)];
    }
}
