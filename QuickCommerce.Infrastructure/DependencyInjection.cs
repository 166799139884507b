using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Coravel;
using Minio;
using StackExchange.Redis;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Realtime;
using QuickCommerce.Infrastructure.Housekeeping;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;
using QuickCommerce.Infrastructure.Payments;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.Infrastructure.Persistence.Seed;
using QuickCommerce.Infrastructure.Realtime;
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
                options.Password.RequiredLength = AccountRules.PasswordMinLength;
                options.Password.RequireNonAlphanumeric = false;
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<QuickCommerceDbContext>()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<AccountStatusReader>();
        services.AddScoped<TokenService>();
        services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // One key ring for every instance, so a cookie issued by one is read by all.
        services.AddDataProtection()
            .SetApplicationName("QuickCommerce")
            .PersistKeysToDbContext<QuickCommerceDbContext>();

        var health = services.AddHealthChecks()
            .AddNpgSql(postgres, name: "postgres", tags: [ReadyTag]);

        var redis = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // One multiplexer per process, shared by the cache, pub/sub and health check.
            // abortConnect=false: Redis down means slower, never a failed start.
            var redisOptions = ConfigurationOptions.Parse(redis);
            redisOptions.AbortOnConnectFail = false;
            var multiplexer = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(redisOptions));
            services.AddSingleton(_ => multiplexer.Value);
            services.AddStackExchangeRedisCache(options =>
            {
                options.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer.Value);
                options.InstanceName = "qc:";
            });
            health.AddRedis(_ => multiplexer.Value, name: "redis", tags: [ReadyTag]);
            services.AddSingleton(sp => new AccountRevocations(sp.GetRequiredService<IConnectionMultiplexer>()));

            // The backplane carries hub messages to clients connected to any instance. It has a
            // connection of its own: SignalR disposes the one it is given when the app stops.
            services.AddSignalR().AddStackExchangeRedis(options =>
            {
                options.Configuration = redisOptions.Clone();
                options.Configuration.ChannelPrefix = RedisChannel.Literal("qc:signalr");
            });
            services.AddSingleton(sp => new LiveEventBus(
                sp.GetRequiredService<IHubContext<LiveHub>>(), sp.GetRequiredService<ILogger<LiveEventBus>>(), sp.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            services.AddSingleton(_ => new AccountRevocations());
            services.AddSignalR();
            services.AddSingleton(sp => new LiveEventBus(sp.GetRequiredService<IHubContext<LiveHub>>(), sp.GetRequiredService<ILogger<LiveEventBus>>()));
        }

        services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<LiveEventBus>());
        services.AddSingleton<LiveConnections>();
        services.AddScoped<LiveAccess>();

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
        services.AddOptions<ImageOptions>()
            .BindConfiguration(ImageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ImagePipeline>();
        services.AddSingleton<ImageStore>();

        services.AddScoped<NearbyStoresQuery>();
        services.AddScoped<StoreCatalogueQuery>();
        services.AddScoped<ProductSearchQuery>();
        services.AddSingleton<Caching.CatalogueCache>();
        services.AddScoped<LocalityDirectory>();
        services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The Redis marker in front of the advisory lock; without Redis it does nothing.
        services.AddSingleton(sp => new InFlightMarkers(sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<InFlightMarkers>>(), sp.GetService<IConnectionMultiplexer>()));
        services.AddScoped<IdempotentExecution>();
        services.AddSingleton<IPaymentGateway, PlaceholderPaymentGateway>();
        services.AddSingleton<INotificationChannel, LoggingNotificationChannel>();
        services.AddScoped<Notifier>();

        // Web Push goes out only when the server has a VAPID key pair; without one the endpoint says so and nothing is sent.
        services.AddOptions<WebPushOptions>()
            .BindConfiguration(WebPushOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configuration.GetSection(WebPushOptions.Section).Get<WebPushOptions>() is { IsConfigured: true })
        {
            // A push service that hangs must not hold up the job that notifies.
            services.AddHttpClient(WebPushSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
            services.AddScoped<IDevicePush, WebPushSender>();
        }
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoCitySeeder>();

        // Durable jobs: enqueued in the caller's unit of work, run by workers that claim with SKIP LOCKED.
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<IJobQueue, JobQueue>();
        services.AddSingleton<JobWorker>();
        services.AddSingleton<JobDrain>();
        services.AddTransient<DrainJobs>();
        services.AddScoped<DeadLetters>();
        services.AddScoped<JobMetrics>();
        services.AddMetrics();
        services.AddHostedService<JobQueueMeter>();
        if (configuration.GetValue($"{JobOptions.Section}:{nameof(JobOptions.RunWorker)}", true))
        {
            // The worker is a Coravel invocable: scheduled as the poll, woken by LISTEN/NOTIFY.
            services.AddScheduler();
            services.AddHostedService<JobSchedule>();
            services.AddHostedService(sp => new JobListener(
                sp.GetRequiredService<IServiceScopeFactory>(),
                postgres,
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<JobListener>>()));
        }

        // Retention: expired idempotency records and old succeeded jobs are deleted in batches.
        services.AddOptions<HousekeepingOptions>()
            .BindConfiguration(HousekeepingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RetentionPurge>();
        if (configuration.GetValue($"{HousekeepingOptions.Section}:{nameof(HousekeepingOptions.RunPurge)}", true))
        {
            services.AddHostedService<HousekeepingHost>();
        }

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
