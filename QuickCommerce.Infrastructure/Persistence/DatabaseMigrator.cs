using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Minio;
using Minio.DataModel.Args;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence.Seed;
using QuickCommerce.Infrastructure.Storage;

namespace QuickCommerce.Infrastructure.Persistence;

/// <summary>
/// Brings a database (and the image bucket) up to date: applies EF Core migrations and the
/// reference data every environment needs - the four roles and the shop's categories.
/// Safe to run any number of times, from any number of instances.
/// </summary>
public sealed partial class DatabaseMigrator(
    QuickCommerceDbContext db,
    RoleManager<IdentityRole<Guid>> roles,
    IMinioClient minio,
    IOptions<ObjectStorageOptions> storage,
    ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger);

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }

        var known = await db.Categories.Select(c => c.Id).ToListAsync(cancellationToken);
        var categories = DemoCityData.Categories
            .Select((name, index) => new Category(index + 1, name, Slugs.Of(name), index + 1))
            .Where(c => !known.Contains(c.Id));
        db.Categories.AddRange(categories);
        await db.SaveChangesAsync(cancellationToken);

        var bucket = storage.Value.Bucket;
        if (!await minio.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken))
        {
            await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date")]
    private static partial void LogMigrated(ILogger logger);
}

/// <summary>URL-safe names: "Atta &amp; Flours" becomes "atta-flours".</summary>
public static class Slugs
{
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new string([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('-', words);
    }
}
