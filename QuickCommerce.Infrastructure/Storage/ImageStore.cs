using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;
using QuickCommerce.Core.Common;

namespace QuickCommerce.Infrastructure.Storage;

/// <summary>A stored image object as the bucket describes it.</summary>
public sealed record StoredImage(string ObjectName, long Size, string ContentType);

/// <summary>
/// Product and store photos in the S3 bucket. A photo is written as a pair (thumbnail and large) or not
/// at all: if the second object cannot be written, the first is removed again. Deleting is best effort:
/// an object left behind costs a few kilobytes and is never shown, while a failed save must not fail
/// an edit that has already been made.
/// </summary>
public sealed partial class ImageStore(
    IMinioClient minio,
    IOptions<ObjectStorageOptions> storage,
    ImagePipeline pipeline,
    ILogger<ImageStore> logger)
{
    private string Bucket => storage.Value.Bucket;

    /// <summary>
    /// Checks and re-encodes <paramref name="content"/> and stores both sizes; returns the new key, or why
    /// the file was refused. <paramref name="currentKey"/> is the photo shown now: the same photo sent again
    /// is written again (a concurrent replacement may have deleted it meanwhile) but never cleaned up on failure.
    /// </summary>
    /// <exception cref="ImageStorageException">The bucket could not be written; nothing of this photo is left in it.</exception>
    public async Task<Result<string>> PutAsync(ImageOwner owner, Guid ownerId, Stream content, string? currentKey, CancellationToken cancellationToken)
    {
        var encoded = await pipeline.EncodeAsync(content, cancellationToken);
        if (!encoded.IsSuccess)
        {
            return encoded.Error!;
        }

        var image = encoded.Value!;
        var key = ImageKeys.For(owner, ownerId, image.Hash);
        try
        {
            await PutObjectAsync(ImageKeys.Small(key), image.Small, cancellationToken);
            try
            {
                await PutObjectAsync(ImageKeys.Large(key), image.Large, cancellationToken);
            }
            catch (Exception) when (key != currentKey)
            {
                // Not half a photo: without its large size the thumbnail is removed too (even if the request was cancelled).
                await TryRemoveAsync(ImageKeys.Small(key));
                throw;
            }
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            LogWriteFailed(logger, ex, key);
            throw new ImageStorageException($"Image {key} could not be written to bucket '{Bucket}'.", ex);
        }

        LogStored(logger, key, image.Small.Length, image.Large.Length);
        return key;
    }

    /// <summary>Removes both objects of <paramref name="key"/>; failures are logged, never thrown.</summary>
    public async Task DeleteAsync(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await TryRemoveAsync(ImageKeys.Small(key));
        await TryRemoveAsync(ImageKeys.Large(key));
    }

    /// <summary>The object's size and type, or null when there is no such object.</summary>
    public async Task<StoredImage?> FindAsync(string objectName, CancellationToken cancellationToken)
    {
        try
        {
            var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket(Bucket).WithObject(objectName), cancellationToken);
            return new StoredImage(objectName, stat.Size, string.IsNullOrEmpty(stat.ContentType) ? ImageKeys.ContentType : stat.ContentType);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Copies the object's bytes to <paramref name="destination"/> as they arrive from the bucket.</summary>
    public async Task CopyToAsync(string objectName, Stream destination, CancellationToken cancellationToken) =>
        await minio.GetObjectAsync(
            new GetObjectArgs()
                .WithBucket(Bucket)
                .WithObject(objectName)
                .WithCallbackStream((source, ct) => source.CopyToAsync(destination, ct)),
            cancellationToken);

    private async Task PutObjectAsync(string objectName, byte[] bytes, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(bytes, writable: false);
        await minio.PutObjectAsync(
            new PutObjectArgs()
                .WithBucket(Bucket)
                .WithObject(objectName)
                .WithStreamData(body)
                .WithObjectSize(bytes.Length)
                .WithContentType(ImageKeys.ContentType),
            cancellationToken);
    }

    private async Task TryRemoveAsync(string objectName)
    {
        try
        {
            // Not the caller's token: clean-up after a cancelled request must still happen.
            await minio.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(objectName), CancellationToken.None);
        }
        catch (Exception ex) when (IsStorageFailure(ex) || ex is TaskCanceledException)
        {
            LogRemoveFailed(logger, ex, objectName);
        }
    }

    private static bool IsStorageFailure(Exception ex) => ex is MinioException or HttpRequestException or IOException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored image {Key} ({SmallBytes} B thumbnail, {LargeBytes} B large)")]
    private static partial void LogStored(ILogger logger, string key, int smallBytes, int largeBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write image {Key} to the bucket; nothing of it was kept")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove image object {ObjectName}; it stays in the bucket unused")]
    private static partial void LogRemoveFailed(ILogger logger, Exception exception, string objectName);
}
