using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using MudBlazor.Services;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Storage;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Web.Tests.Components;

/// <summary>
/// bUnit base for components on the real database, as on a circuit: a fresh database per test, the
/// app's infrastructure wired to it, MudBlazor's services and loose JS interop. Subclasses register
/// the feature services they render with, then sign someone in.
/// </summary>
public abstract class DatabaseComponentTest : ComponentTest, IAsyncLifetime
{
    /// <summary>How long a test waits for a component to catch up with the database or a live event.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>The app's infrastructure on <see cref="Database"/>; hosted services are never started.</summary>
    protected ServiceProvider Infrastructure { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Infrastructure = Database.CreateServices();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's services only dispose asynchronously; the synchronous Dispose xUnit calls next then finds nothing left.
        await base.DisposeAsync();
        await Infrastructure.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>
    /// Gives the components the infrastructure's context factory, and a scoped context from it for
    /// services that take a <see cref="QuickCommerceDbContext"/>.
    /// </summary>
    protected void AddDatabase()
    {
        var contexts = Infrastructure.GetRequiredService<IDbContextFactory<QuickCommerceDbContext>>();
        Services.AddSingleton(contexts);
        Services.AddScoped(_ => contexts.CreateDbContext());
    }

    /// <summary>Shares the infrastructure's <typeparamref name="TService"/> with the components.</summary>
    protected void AddFromInfrastructure<TService>()
        where TService : class =>
        Services.AddSingleton(Infrastructure.GetRequiredService<TService>());

    /// <summary>Makes the photo bucket if it is missing: the app makes it on start, and these tests run without the app.</summary>
    protected async Task EnsureBucketAsync()
    {
        var minio = Infrastructure.GetRequiredService<IMinioClient>();
        var bucket = Infrastructure.GetRequiredService<IOptions<ObjectStorageOptions>>().Value.Bucket;
        if (!await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket)))
        {
            await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket));
        }
    }

    /// <summary>An approved account in <paramref name="role"/> named <paramref name="name"/>, with its own email and phone and no password.</summary>
    protected async Task<Guid> NewAccountAsync(string role, string name = "Asha", string? vehicle = null) =>
        (await TestAccounts.CreateWithoutPasswordAsync(Infrastructure, role, fullName: name, vehicleType: vehicle)).Id;

    /// <summary>Signs the components' user in as <paramref name="userId"/>, named <paramref name="name"/>, in <paramref name="role"/>.</summary>
    protected void SignInAs(Guid userId, string role, string name = "Asha")
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(name);
        authorization.SetRoles(role);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId.ToString()));
    }
}
