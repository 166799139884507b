using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Minio;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.Infrastructure.Persistence.Seed;
using QuickCommerce.Infrastructure.Storage;

namespace QuickCommerce.Infrastructure;

/// <summary>The one place the outside world is wired in.</summary>
public static class DependencyInjection
{
    /// <summary>Health-check tag of the checks /health/ready runs.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var postgres = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set. Run scripts/services.sh env to see the local values.");

        services.AddSingleton(TimeProvider.System);

        // One context per operation (Interactive Server circuits live for minutes; a DbContext is not thread-safe).
        services.AddPooledDbContextFactory<QuickCommerceDbContext>(options => ConfigureDbContext(options, postgres));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<QuickCommerceDbContext>>().CreateDbContext());

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.Password.RequiredLength = 8;
                options.User.RequireUniqueEmail = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<QuickCommerceDbContext>();

        var health = services.AddHealthChecks()
            .AddNpgSql(postgres, name: "postgres", tags: [ReadyTag]);

        var redis = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddStackExchangeRedisCache(options =>
            {
                options.Configuration = redis;
                options.InstanceName = "qc:";
            });
            health.AddRedis(redis, name: "redis", tags: [ReadyTag]);
        }

        // Redis (when configured) is HybridCache's second level; without it the cache is in-process only.
        services.AddHybridCache();

        services.AddOptions<ObjectStorageOptions>()
            .BindConfiguration(ObjectStorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IMinioClient>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<ObjectStorageOptions>>().Value;
            return new MinioClient()
                .WithEndpoint(storage.Endpoint)
                .WithCredentials(storage.AccessKey, storage.SecretKey)
                .WithSSL(storage.UseSsl)
                .Build();
        });
        health.AddCheck<ObjectStorageHealthCheck>("object-storage", tags: [ReadyTag]);

        services.AddScoped<NearbyStoresQuery>();
        services.AddScoped<StoreCatalogueQuery>();
        services.AddScoped<LocalityDirectory>();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoCitySeeder>();
        return services;
    }

    /// <summary>How every DbContext of the platform is configured; tests use it too, so they see the same model.</summary>
    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql =>
            {
                npgsql.UseNetTopologySuite();
                npgsql.MigrationsHistoryTable("__ef_migrations_history");
            })
            .UseSnakeCaseNamingConvention();
}
