using System.ComponentModel.DataAnnotations;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>What start-up refuses (ValidateOnStart): a VAPID configuration that could never send a push.</summary>
public sealed class WebPushOptionsTests
{
    // The development pair's public half: a real key, but not the test private key's.
    private const string OtherPublicKey = "BGO9UDqztO7VrjYYtBoC1AF_NXI_gDcB3surl4r4rA-q8gHGo9Gf0R9PQdLbVSVART4Dd5b_pH4ocTZtwbNvQqY";

    [Theory]
    [InlineData("https://fcm.googleapis.com/fcm/send/abc", false, true)]
    [InlineData("https://updates.push.services.mozilla.com/wpush/v2/abc", false, true)]
    [InlineData("https://web.push.apple.com/abc", false, true)]
    [InlineData("https://wns2-par02p.notify.windows.com/w/?token=abc", false, true)]
    [InlineData("http://fcm.googleapis.com/fcm/send/abc", false, false)]
    [InlineData("https://fcm.googleapis.com.evil.example/abc", false, false)]
    [InlineData("https://intranet.local/admin", false, false)]
    [InlineData("http://127.0.0.1:5080/api/v1/admin/jobs", false, false)]
    [InlineData("http://127.0.0.1:5080/push/abc", true, true)]
    [InlineData("file:///push/abc", true, false)]
    public void Pushes_go_only_to_known_push_services(string endpoint, bool allowLoopback, bool allowed) =>
        new WebPushOptions { AllowLoopbackEndpoints = allowLoopback }.IsAllowedEndpoint(new Uri(endpoint)).ShouldBe(allowed);

    [Fact]
    public void No_keys_at_all_is_valid_and_means_push_is_off()
    {
        var options = new WebPushOptions();

        Errors(options).ShouldBeEmpty();
        options.IsConfigured.ShouldBeFalse();
    }

    [Fact]
    public void A_matching_pair_is_valid()
    {
        var options = new WebPushOptions { PublicKey = TestServices.WebPushPublicKey, PrivateKey = TestServices.WebPushPrivateKey };

        Errors(options).ShouldBeEmpty();
        options.IsConfigured.ShouldBeTrue();
    }

    [Theory]
    [InlineData(TestServices.WebPushPublicKey, "", "Set both WebPush:PublicKey and WebPush:PrivateKey, or neither.")]
    [InlineData(OtherPublicKey, TestServices.WebPushPrivateKey, "WebPush:PublicKey is not the public half of WebPush:PrivateKey.")]
    [InlineData("BF9jM_fXgcph", TestServices.WebPushPrivateKey, "WebPush:PublicKey must be an uncompressed P-256 public key (65 bytes, base64url).")]
    [InlineData(TestServices.WebPushPublicKey, "C9oy4WaPpgEh", "WebPush:PrivateKey must be a P-256 private key (32 bytes, base64url).")]
    public void A_pair_that_cannot_sign_is_refused(string publicKey, string privateKey, string error)
    {
        Errors(new WebPushOptions { PublicKey = publicKey, PrivateKey = privateKey }).ShouldBe([error]);
    }

    [Fact]
    public void A_subject_that_is_not_mailto_or_https_is_refused()
    {
        var options = new WebPushOptions { PublicKey = TestServices.WebPushPublicKey, PrivateKey = TestServices.WebPushPrivateKey, Subject = "ops@quickcommerce.example" };

        Errors(options).ShouldBe(["WebPush:Subject must be a mailto: or https: URI."]);
    }

    private static List<string?> Errors(WebPushOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage)];
    }
}
