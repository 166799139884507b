using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.TestSupport;
using static QuickCommerce.Infrastructure.Tests.Stores.StoreBuilder;

namespace QuickCommerce.Infrastructure.Tests.Stores;

/// <summary>Holiday closures in the nearby list and on the store page, read in the same queries as the stores.</summary>
public sealed class NearbyStoresClosureTests : IAsyncLifetime
{
    // 14:00 IST on Wednesday 25 November 2026.
    private readonly FixedClock _clock = new(FixedClock.Ist(2026, 11, 25, 14));
    private readonly OpeningHours _sevenToTen = OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(22, 0));
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_store_closed_today_is_hidden_and_listed_closed_until_the_morning_after_its_closure()
    {
        var shut = North(Indiranagar, 200, "Diwali Kirana", hours: _sevenToTen);
        var open = North(Indiranagar, 400, "Open Kirana", hours: _sevenToTen);
        await AddAsync([shut, open], new StoreClosure(shut.Id, new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 26), "Diwali"));

        (await FindAsync(includeClosed: false)).Select(s => s.Name).ShouldBe(["Open Kirana"]);

        var all = await FindAsync(includeClosed: true);
        all.Select(s => s.Name).ShouldBe(["Open Kirana", "Diwali Kirana"]);
        all[1].IsOpen.ShouldBeFalse();
        all[1].OpensAt.ShouldBe(FixedClock.Ist(2026, 11, 27, 7));
    }

    [Fact]
    public async Task Closures_of_other_days_and_past_ones_change_nothing()
    {
        var store = North(Indiranagar, 200, "Busy Kirana", hours: _sevenToTen);
        await AddAsync(
            [store],
            new StoreClosure(store.Id, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 3), "Last month"),
            new StoreClosure(store.Id, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 2), "Next week"));

        var found = (await FindAsync(includeClosed: false)).ShouldHaveSingleItem();

        found.IsOpen.ShouldBeTrue();
    }

    [Fact]
    public async Task The_store_page_shows_a_store_on_its_closure_as_closed()
    {
        var store = North(Indiranagar, 200, "Wedding Kirana", hours: _sevenToTen);
        await AddAsync([store], new StoreClosure(store.Id, new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 25), "Family wedding"));

        await using var db = _database.NewContext();
        var page = await new StoreCatalogueQuery(db, _clock).FindAsync(store.Id, CancellationToken.None);

        page.ShouldNotBeNull();
        page.IsOpen.ShouldBeFalse();
        page.OpensAt.ShouldBe(FixedClock.Ist(2026, 11, 26, 7));
    }

    private async Task AddAsync(Store[] stores, params StoreClosure[] closures)
    {
        await using var db = _database.NewContext();
        db.Stores.AddRange(stores);
        db.StoreClosures.AddRange(closures);
        await db.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<NearbyStore>> FindAsync(bool includeClosed)
    {
        await using var db = _database.NewContext();
        return await new NearbyStoresQuery(db, _clock).FindAsync(Indiranagar, 3, includeClosed, CancellationToken.None);
    }
}
