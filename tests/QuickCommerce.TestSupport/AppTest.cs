namespace QuickCommerce.TestSupport;

/// <summary>
/// Base for test classes that drive the real app: a fresh database of their own (seeded by
/// <see cref="SeedAsync"/>) and the app on it, created before the tests and dropped after.
/// </summary>
public abstract class AppTest : Xunit.IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;

    protected QuickCommerceApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using (var db = Database.NewContext())
        {
            await SeedAsync(db);
            await db.SaveChangesAsync();
        }

        App = new QuickCommerceApp(Database);
        Configure(App);
        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Adds the stores and products the class needs. Defaults to nothing.</summary>
    protected virtual Task SeedAsync(Infrastructure.Persistence.QuickCommerceDbContext db) => Task.CompletedTask;

    /// <summary>Changes the app's settings before it starts. Defaults to nothing.</summary>
    protected virtual void Configure(QuickCommerceApp app)
    {
    }

    /// <summary>Runs once the app exists (e.g. to make accounts and clients). Defaults to nothing.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;
}
