using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;

namespace QuickCommerce.Infrastructure.Storage;

/// <summary>Ready only when the image bucket can be reached.</summary>
internal sealed class ObjectStorageHealthCheck(IMinioClient minio, IOptions<ObjectStorageOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var exists = await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(options.Value.Bucket), cancellationToken);
            return exists
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Bucket '{options.Value.Bucket}' does not exist.");
        }
#pragma warning disable CA1031 // A health check reports every failure instead of throwing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("Object storage is unreachable.", ex);
        }
    }
}
