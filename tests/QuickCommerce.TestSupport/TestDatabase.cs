using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using QuickCommerce.Infrastructure;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.TestSupport;

/// <summary>
/// A fresh PostgreSQL database of its own for one test class, so tests never see each other's data.
/// Cloned from a template that has every migration and the reference data applied, which takes
/// a fraction of a second; the template is rebuilt whenever the migrations change.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _templateName;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A migrated database with the roles and categories, and nothing else.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = NewName();
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new TestDatabase(name, ConnectionStringFor(name));
    }

    /// <summary>A database with nothing in it, not even the extensions.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var name = NewName();
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
        return new TestDatabase(name, ConnectionStringFor(name));
    }

    /// <summary>
    /// A service provider with the app's infrastructure wired to this database and the test services.
    /// <paramref name="configure"/> adds or replaces services after AddInfrastructure (e.g. test job handlers).
    /// Hosted services (the job worker) are registered but never started: nothing hosts the provider.
    /// </summary>
    public ServiceProvider CreateServices(string environmentName = "Testing", Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(TestServices.Configuration(ConnectionString))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environmentName, ApplicationName = "QuickCommerce.Tests" });
        // What a host would provide; Coravel's scheduler waits for its "started" (ApplicationLifetime.NotifyStarted).
        services.AddSingleton<IHostApplicationLifetime, ApplicationLifetime>();
        services.AddInfrastructure(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A context on this database, configured as the app configures its own.</summary>
    public QuickCommerceDbContext NewContext(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<QuickCommerceDbContext>();
        DependencyInjection.ConfigureDbContext(options, ConnectionString);
        options.AddInterceptors(interceptors);
        return new QuickCommerceDbContext(options.Options);
    }

    public async Task<NpgsqlConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateName is not null)
            {
                return _templateName;
            }

            // Named after the newest migration, so a new migration gets a new template.
            var latest = typeof(QuickCommerceDbContext).Assembly.GetTypes()
                .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false)
                    .Cast<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
                .Where(id => id is not null)
                .Max(StringComparer.Ordinal)!;
            var name = $"qc_template_{latest.Split('_')[0]}";

            await using var admin = new NpgsqlConnection(TestServices.Postgres);
            await admin.OpenAsync();

            // Several test processes may start at once: one builds the template, the others wait.
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(727272)", admin))
            {
                await lockCommand.ExecuteNonQueryAsync();
            }

            try
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
                exists.Parameters.AddWithValue("name", name);
                if (await exists.ExecuteScalarAsync() is null)
                {
                    await BuildTemplateAsync(admin, name);
                }
            }
            finally
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(727272)", admin);
                await unlock.ExecuteNonQueryAsync();
            }

            _templateName = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task BuildTemplateAsync(NpgsqlConnection admin, string name)
    {
        var building = $"{name}_building";
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{building}\"", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        var database = new TestDatabase(building, ConnectionStringFor(building));
        await using (var services = database.CreateServices())
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }

        // A template must have no connections when it is copied, and the rename makes it appear complete or not at all.
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // EF Core's Npgsql data sources keep their own pools, out of reach of ClearAllPools.
                await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", admin))
                {
                    terminate.Parameters.AddWithValue("name", building);
                    await terminate.ExecuteNonQueryAsync();
                }

                await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"", admin);
                await rename.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Closed pool connections take a moment to leave the server.
                await Task.Delay(100);
            }
        }
    }

    private static string NewName() => $"qc_test_{Guid.NewGuid():N}";

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = database, Pooling = true, MaxPoolSize = 60 }.ConnectionString;

    private static async Task ExecuteAdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestServices.Postgres);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
