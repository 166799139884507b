namespace QuickCommerce.TestSupport;

/// <summary>
/// Where the test instances of PostgreSQL, Redis and S3 listen: the values `scripts/services.sh env test`
/// exports (./test.sh does that), falling back to the test profile's fixed ports. Never the demo ones.
/// </summary>
public static class TestServices
{
    public static string Postgres =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55433;Database=quickcommerce;Username=quickcommerce;Password=quickcommerce";

    public static string Redis => Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:56380";

    public static string ObjectStorageEndpoint => Environment.GetEnvironmentVariable("ObjectStorage__Endpoint") ?? "127.0.0.1:54569";

    public static string ObjectStorageAccessKey => Environment.GetEnvironmentVariable("ObjectStorage__AccessKey") ?? "S3RVER";

    public static string ObjectStorageSecretKey => Environment.GetEnvironmentVariable("ObjectStorage__SecretKey") ?? "S3RVER";

    /// <summary>The key test apps sign access tokens with (tests forge tokens with other keys to check they fail).</summary>
    public const string JwtSigningKey = "test-only-signing-key-0123456789abcdef";

    /// <summary>The test apps' VAPID public key (a test-only pair, not the development one), base64url.</summary>
    public const string WebPushPublicKey = "BF9jM_fXgcphiSVj7Htqw-GvCPwvCvsus4FZst_mh56bIwJ_XNPwQgGM7ON4LHZjRdTHSRLiYXknsKSfiNdIN_c";

    /// <summary>The private half of <see cref="WebPushPublicKey"/>.</summary>
    public const string WebPushPrivateKey = "C9oy4WaPpgEhseHEyFLZB1HF0akKLxk_DGhJBlVosBE";

    /// <summary>Configuration for an app or service provider pointed at the test services and <paramref name="postgres"/>.</summary>
    public static Dictionary<string, string?> Configuration(string postgres, string bucket = "quickcommerce-test") => new()
    {
        ["ConnectionStrings:Postgres"] = postgres,
        ["ConnectionStrings:Redis"] = Redis,
        ["ObjectStorage:Endpoint"] = ObjectStorageEndpoint,
        ["ObjectStorage:AccessKey"] = ObjectStorageAccessKey,
        ["ObjectStorage:SecretKey"] = ObjectStorageSecretKey,
        ["ObjectStorage:Bucket"] = bucket,
        ["ObjectStorage:UseSsl"] = "false",
        ["Jwt:SigningKey"] = JwtSigningKey,
        ["WebPush:PublicKey"] = WebPushPublicKey,
        ["WebPush:PrivateKey"] = WebPushPrivateKey,

        // The push tests run a recording push service on 127.0.0.1.
        ["WebPush:AllowLoopbackEndpoints"] = "true",
    };
}
