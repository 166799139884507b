using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using Minio.DataModel.Response;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Storage;

/// <summary>The image store on the real S3 server (s3rver) of the test services.</summary>
public sealed class ImageStoreTests : IAsyncLifetime, IDisposable
{
    private const string Bucket = "quickcommerce-test";

    private readonly IMinioClient _minio = new MinioClient()
        .WithEndpoint(TestServices.ObjectStorageEndpoint)
        .WithCredentials(TestServices.ObjectStorageAccessKey, TestServices.ObjectStorageSecretKey)
        .WithSSL(false)
        .Build();

    private readonly ImagePipeline _pipeline = new(Options.Create(new ImageOptions()));

    public async Task InitializeAsync()
    {
        if (!await _minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(Bucket)))
        {
            await _minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(Bucket));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _pipeline.Dispose();
        _minio.Dispose();
    }

    [Fact]
    public async Task A_photo_is_stored_as_a_pair_under_its_owner_and_deleted_as_a_pair()
    {
        var store = Store(_minio);
        var productId = Guid.NewGuid();

        var key = (await store.PutAsync(ImageOwner.Product, productId, new MemoryStream(TestPhotos.Png(640, 480)), null, CancellationToken.None)).Value!;

        key.ShouldStartWith($"products/{productId:N}/");
        (await ObjectsAsync(productId)).ShouldBe([ImageKeys.Large(key), ImageKeys.Small(key)], ignoreOrder: true);
        var small = await store.FindAsync(ImageKeys.Small(key), CancellationToken.None);
        small!.ContentType.ShouldBe("image/jpeg");
        using var copy = new MemoryStream();
        await store.CopyToAsync(ImageKeys.Small(key), copy, CancellationToken.None);
        copy.Length.ShouldBe(small.Size);

        await store.DeleteAsync(key);

        (await ObjectsAsync(productId)).ShouldBeEmpty();
        (await store.FindAsync(ImageKeys.Small(key), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task When_the_second_object_cannot_be_written_the_first_is_removed_again()
    {
        var failing = FailingSecondPut.Wrap(_minio);
        var store = Store(failing);
        var productId = Guid.NewGuid();

        await Should.ThrowAsync<ImageStorageException>(
            () => store.PutAsync(ImageOwner.Product, productId, new MemoryStream(TestPhotos.Png(640, 480)), null, CancellationToken.None));

        ((FailingSecondPut)(object)failing).Puts.ShouldBe(2);
        (await ObjectsAsync(productId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_file_writes_nothing()
    {
        var store = Store(_minio);
        var productId = Guid.NewGuid();

        var result = await store.PutAsync(ImageOwner.Product, productId, new MemoryStream("hello"u8.ToArray()), null, CancellationToken.None);

        result.Error!.Message.ShouldBe(ImagePipeline.UnreadableMessage);
        (await ObjectsAsync(productId)).ShouldBeEmpty();
    }

    private ImageStore Store(IMinioClient minio) =>
        new(minio, Options.Create(new ObjectStorageOptions { Bucket = Bucket }), _pipeline, NullLogger<ImageStore>.Instance);

    private Task<List<string>> ObjectsAsync(Guid productId) => TestPhotos.ObjectsUnderAsync(_minio, Bucket, $"products/{productId:N}/");

    /// <summary>The real client, except that its second PutObjectAsync fails as an unreachable server would.</summary>
    public class FailingSecondPut : DispatchProxy
    {
        private IMinioClient _inner = null!;

        public int Puts { get; private set; }

        public static IMinioClient Wrap(IMinioClient inner)
        {
            var proxy = Create<IMinioClient, FailingSecondPut>();
            ((FailingSecondPut)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IMinioClient.PutObjectAsync) && ++Puts == 2)
            {
                return Task.FromException<PutObjectResponse>(new HttpRequestException("Connection refused (simulated)"));
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}
