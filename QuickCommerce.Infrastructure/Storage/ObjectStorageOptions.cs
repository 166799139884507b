using System.ComponentModel.DataAnnotations;

namespace QuickCommerce.Infrastructure.Storage;

/// <summary>Where product and store images live: any S3-compatible server (MinIO, s3rver, AWS S3).</summary>
public sealed class ObjectStorageOptions
{
    public const string Section = "ObjectStorage";

    /// <summary>host:port of the S3 endpoint, without scheme.</summary>
    [Required]
    public string Endpoint { get; set; } = string.Empty;

    [Required]
    public string AccessKey { get; set; } = string.Empty;

    [Required]
    public string SecretKey { get; set; } = string.Empty;

    [Required]
    public string Bucket { get; set; } = "quickcommerce";

    public bool UseSsl { get; set; }
}
