using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Caching;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Catalog;

/// <summary>
/// Product search on the real PostgreSQL (full text, pg_trgm, PostGIS) with the app's real
/// HybridCache (Redis as L2), each test on a database of its own.
/// </summary>
public sealed class ProductSearchQueryTests : IAsyncLifetime
{
    private const int Atta = 1;
    private const int Rice = 2;
    private const int Dairy = 6;
    private const int InstantFood = 14;
    private const int SaltAndSugar = 15;

    private static readonly GeoPoint Customer = DemoShop.Indiranagar;

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _services = _database.CreateServices();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("panner", "Amul Fresh Paneer")]
    [InlineData("basmathi", "India Gate Basmati Rice")]
    [InlineData("maggie", "Maggi 2-Minute Masala Noodles")]
    [InlineData("chawal", "India Gate Basmati Rice")]
    [InlineData("doodh", "Nandini Toned Milk")]
    [InlineData("atta", "Aashirvaad Shudh Chakki Atta")]
    [InlineData("aata", "Aashirvaad Shudh Chakki Atta")]
    [InlineData("दूध", "Nandini Toned Milk")]
    [InlineData("  PANEER ", "Amul Fresh Paneer")]
    public async Task Misspellings_and_hinglish_find_the_right_product_first(string text, string expected)
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        await AddAsync([store], Shelf(store));

        var hits = await SearchAsync(new ProductSearch(text, Customer));

        hits.ShouldNotBeEmpty();
        hits[0].Name.ShouldBe(expected);
    }

    [Fact]
    public async Task A_hit_carries_its_store_price_stock_and_distance()
    {
        var store = DemoShop.Store("Sri Balaji Kirana", metresNorth: 300);
        var paneer = Product(store, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 9000, 9500, stock: 7, Dairy);
        await AddAsync([store], [paneer]);

        var hit = (await SearchAsync(new ProductSearch("paneer", Customer))).ShouldHaveSingleItem();

        hit.ProductId.ShouldBe(paneer.Id);
        hit.StoreId.ShouldBe(store.Id);
        hit.StoreName.ShouldBe("Sri Balaji Kirana");
        hit.HindiName.ShouldBe("पनीर (paneer)");
        hit.Unit.ShouldBe("200 g");
        hit.PricePaise.ShouldBe(9000);
        hit.MrpPaise.ShouldBe(9500);
        hit.InStock.ShouldBeTrue();
        hit.DistanceMeters.ShouldBeInRange(295, 305);
    }

    [Fact]
    public async Task A_near_miss_is_left_out_when_real_matches_exist()
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        await AddAsync([store], Shelf(store));

        var hits = await SearchAsync(new ProductSearch("panner", Customer));

        hits.Select(h => h.Name).ShouldBe(["Amul Fresh Paneer"]);
    }

    [Fact]
    public async Task Better_text_match_beats_a_nearer_store_and_nearer_beats_in_stock()
    {
        var far = DemoShop.Store("Far Mart", metresNorth: 1500);
        var near = DemoShop.Store("Near Kirana", metresNorth: 200);
        var nextDoor = DemoShop.Store("Corner Stores", metresNorth: 200);
        await AddAsync(
            [far, near, nextDoor],
            [
                Product(far, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 9000, 9500, stock: 5, Dairy),
                Product(near, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 9000, 9500, stock: 0, Dairy),
                Product(near, "Milky Mist Cottage Cheese Cubes", "पनीर क्यूब्स (paneer cubes)", "Milky Mist", "200 g", 9900, 9900, stock: 5, Dairy),
                Product(nextDoor, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 9200, 9500, stock: 3, Dairy),
            ]);

        var hits = await SearchAsync(new ProductSearch("paneer", Customer));

        hits.Select(h => (h.Name, h.StoreName, h.InStock)).ShouldBe(
        [
            ("Amul Fresh Paneer", "Corner Stores", true),
            ("Amul Fresh Paneer", "Near Kirana", false),
            ("Amul Fresh Paneer", "Far Mart", true),
            ("Milky Mist Cottage Cheese Cubes", "Near Kirana", true),
        ]);
    }

    [Fact]
    public async Task Category_stock_and_price_filters_narrow_the_results()
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        await AddAsync(
            [store],
            [
                Product(store, "Aashirvaad Shudh Chakki Atta", "आटा (atta)", "Aashirvaad", "5 kg", 28500, 30000, stock: 4, Atta),
                Product(store, "Aashirvaad Shudh Chakki Atta", "आटा (atta)", "Aashirvaad", "1 kg", 6800, 7000, stock: 9, Atta),
                Product(store, "Pillsbury Chakki Fresh Atta", "आटा (atta)", "Pillsbury", "5 kg", 27500, 27500, stock: 0, Atta),
                Product(store, "Maggi Atta Noodles Masala", "आटा नूडल्स (maggi noodles)", "Maggi", "290 g", 6000, 6000, stock: 6, InstantFood),
            ]);

        var all = await SearchAsync(new ProductSearch("atta", Customer));
        var flours = await SearchAsync(new ProductSearch("atta", Customer) { CategoryId = Atta });
        var inStock = await SearchAsync(new ProductSearch("atta", Customer) { CategoryId = Atta, InStockOnly = true });
        var upTo100 = await SearchAsync(new ProductSearch("atta", Customer) { MaxPricePaise = 10000 });
        var from280To290 = await SearchAsync(new ProductSearch("atta", Customer) { MinPricePaise = 28000, MaxPricePaise = 29000 });

        all.Count.ShouldBe(4);
        flours.ShouldAllBe(h => h.Name != "Maggi Atta Noodles Masala");
        flours.Count.ShouldBe(3);
        inStock.Select(h => h.PricePaise).ShouldBe([6800, 28500], ignoreOrder: true);
        upTo100.Select(h => h.PricePaise).ShouldBe([6000, 6800], ignoreOrder: true);
        from280To290.Select(h => h.PricePaise).ShouldBe([28500]);
    }

    [Fact]
    public async Task Results_sort_by_price_or_by_distance_when_asked()
    {
        var far = DemoShop.Store("Far Mart", metresNorth: 2000);
        var near = DemoShop.Store("Near Kirana", metresNorth: 250);
        await AddAsync(
            [far, near],
            [
                Product(near, "Aashirvaad Shudh Chakki Atta", "आटा (atta)", "Aashirvaad", "5 kg", 28500, 30000, stock: 4, Atta),
                Product(far, "Aashirvaad Shudh Chakki Atta", "आटा (atta)", "Aashirvaad", "1 kg", 6800, 7000, stock: 9, Atta),
                Product(far, "Maggi Atta Noodles Masala", "आटा नूडल्स (maggi noodles)", "Maggi", "290 g", 6000, 6000, stock: 6, InstantFood),
            ]);

        var byPrice = await SearchAsync(new ProductSearch("atta", Customer) { Sort = ProductSearchSort.Price });
        var byDistance = await SearchAsync(new ProductSearch("atta", Customer) { Sort = ProductSearchSort.Distance });
        var byRelevance = await SearchAsync(new ProductSearch("atta", Customer) { Limit = 2 });

        byPrice.Select(h => h.PricePaise).ShouldBe([6000, 6800, 28500]);
        byDistance.Select(h => h.StoreName).ShouldBe(["Near Kirana", "Far Mart", "Far Mart"]);
        byDistance[1].Name.ShouldBe("Aashirvaad Shudh Chakki Atta");
        byRelevance.Select(h => (h.Name, h.StoreName)).ShouldBe(
        [
            ("Aashirvaad Shudh Chakki Atta", "Near Kirana"),
            ("Aashirvaad Shudh Chakki Atta", "Far Mart"),
        ]);
    }

    [Fact]
    public async Task Only_approved_open_stores_that_deliver_to_the_customer_and_active_products_are_searched()
    {
        var open = DemoShop.Store("Open Kirana");
        var tooFar = StoreThatDelivers("Short Reach Stores", metresNorth: 3000, radiusMetres: 2000);
        var switchedOff = DemoShop.Store("Switched Off Stores");
        switchedOff.SetAcceptingOrders(false);
        var unapproved = DemoShop.Store("Pending Mart", approved: false);
        var closedNow = DemoShop.Store("Closed Now Stores", hours: ClosedForTheNextHours());
        var retired = Product(open, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "1 kg", 42000, 42000, stock: 2, Dairy);
        retired.Deactivate();
        await AddAsync(
            [open, tooFar, switchedOff, unapproved, closedNow],
            [
                Paneer(open),
                Paneer(tooFar),
                Paneer(switchedOff),
                Paneer(unapproved),
                Paneer(closedNow),
                retired,
            ]);

        var hits = await SearchAsync(new ProductSearch("paneer", Customer));

        hits.Select(h => (h.StoreName, h.PricePaise)).ShouldBe([("Open Kirana", 9000)]);
    }

    [Fact]
    public async Task A_point_no_store_delivers_to_finds_nothing()
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        await AddAsync([store], [Paneer(store)]);

        var delhi = GeoPoint.Create(28.6139, 77.2090).Value;

        (await SearchAsync(new ProductSearch("paneer", delhi))).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_search_inside_a_store_covers_only_its_shelf_measured_from_the_store()
    {
        var mine = DemoShop.Store("Sri Balaji Kirana", metresNorth: 400);
        var other = DemoShop.Store("Lakshmi Provisions", metresNorth: 100);
        await AddAsync([mine, other], [Paneer(mine), Paneer(other), .. Shelf(mine)[1..]]);

        var inStore = await SearchAsync(new ProductSearch("paneer", Point: null) { StoreId = mine.Id });
        var fromCustomer = await SearchAsync(new ProductSearch("paneer", Customer) { StoreId = mine.Id });

        inStore.ShouldHaveSingleItem().StoreName.ShouldBe("Sri Balaji Kirana");
        inStore[0].DistanceMeters.ShouldBe(0);
        fromCustomer.ShouldHaveSingleItem().DistanceMeters.ShouldBeInRange(395, 405);
    }

    [Fact]
    public async Task A_search_inside_a_store_respects_its_reach_and_approval_but_not_its_hours()
    {
        var closedNow = DemoShop.Store("Closed Now Stores", hours: ClosedForTheNextHours());
        var pending = DemoShop.Store("Pending Mart", approved: false);
        var shortReach = StoreThatDelivers("Short Reach Stores", metresNorth: 3000, radiusMetres: 2000);
        await AddAsync([closedNow, pending, shortReach], [Paneer(closedNow), Paneer(pending), Paneer(shortReach)]);

        // The store page lists a closed store's shelf with its opening time, so searching it does too.
        (await SearchAsync(new ProductSearch("paneer", Customer) { StoreId = closedNow.Id })).ShouldHaveSingleItem();
        (await SearchAsync(new ProductSearch("paneer", Point: null) { StoreId = pending.Id })).ShouldBeEmpty();
        (await SearchAsync(new ProductSearch("paneer", Customer) { StoreId = shortReach.Id })).ShouldBeEmpty();
        (await SearchAsync(new ProductSearch("paneer", Point: null) { StoreId = shortReach.Id })).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_cached_search_shows_the_old_price_until_the_store_is_invalidated()
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        var paneer = Paneer(store);
        await AddAsync([store], [paneer]);
        var search = new ProductSearch("paneer", Customer);
        (await SearchAsync(search)).ShouldHaveSingleItem().PricePaise.ShouldBe(9000);

        await ExecuteAsync("UPDATE products SET price_paise = 8500 WHERE id = @id", paneer.Id);

        // Stale on purpose: the second search is answered from the cache, not the database.
        (await SearchAsync(search)).ShouldHaveSingleItem().PricePaise.ShouldBe(9000);

        await _services.GetRequiredService<CatalogueCache>().InvalidateStoreAsync(store.Id, CancellationToken.None);

        (await SearchAsync(search)).ShouldHaveSingleItem().PricePaise.ShouldBe(8500);
    }

    [Fact]
    public async Task A_product_new_to_a_delivering_store_shows_once_that_store_is_invalidated_though_it_was_not_in_the_results()
    {
        var hasPaneer = DemoShop.Store("Sri Balaji Kirana");
        var noPaneerYet = DemoShop.Store("Lakshmi Provisions", metresNorth: 600);
        await AddAsync([hasPaneer, noPaneerYet], [Paneer(hasPaneer), .. Shelf(noPaneerYet)[1..]]);
        var search = new ProductSearch("paneer", Customer);
        (await SearchAsync(search)).ShouldHaveSingleItem().StoreName.ShouldBe("Sri Balaji Kirana");

        await AddAsync([], [Paneer(noPaneerYet)]);
        (await SearchAsync(search)).Count.ShouldBe(1);

        await _services.GetRequiredService<CatalogueCache>().InvalidateStoreAsync(noPaneerYet.Id, CancellationToken.None);

        (await SearchAsync(search)).Select(h => h.StoreName).ShouldBe(["Sri Balaji Kirana", "Lakshmi Provisions"]);
    }

    [Fact]
    public async Task A_store_scoped_search_is_cached_under_that_stores_tag()
    {
        var store = DemoShop.Store("Sri Balaji Kirana");
        var paneer = Paneer(store);
        await AddAsync([store], [paneer]);
        var search = new ProductSearch("paneer", Point: null) { StoreId = store.Id };
        (await SearchAsync(search)).ShouldHaveSingleItem().InStock.ShouldBeTrue();

        await ExecuteAsync("UPDATE products SET stock = 0 WHERE id = @id", paneer.Id);
        (await SearchAsync(search)).ShouldHaveSingleItem().InStock.ShouldBeTrue();

        await _services.GetRequiredService<CatalogueCache>().InvalidateStoreAsync(store.Id, CancellationToken.None);

        (await SearchAsync(search)).ShouldHaveSingleItem().InStock.ShouldBeFalse();
    }

    [Fact]
    public async Task A_store_switched_off_leaves_cached_results_at_once()
    {
        var staying = DemoShop.Store("Sri Balaji Kirana");
        var leaving = DemoShop.Store("Lakshmi Provisions", metresNorth: 600);
        await AddAsync([staying, leaving], [Paneer(staying), Paneer(leaving)]);
        var search = new ProductSearch("paneer", Customer);
        (await SearchAsync(search)).Count.ShouldBe(2);

        // No invalidation: the stores that deliver now are part of the cache key.
        await ExecuteAsync("UPDATE stores SET is_accepting_orders = false WHERE id = @id", leaving.Id);

        (await SearchAsync(search)).ShouldHaveSingleItem().StoreName.ShouldBe("Sri Balaji Kirana");
    }

    [Fact]
    public void Tags_name_the_store()
    {
        var id = Guid.NewGuid();

        CatalogueCache.StoreTag(id).ShouldBe($"store:{id}");
    }

    /// <summary>The five products of the issue and two that only look alike, on one shelf.</summary>
    private static Product[] Shelf(Store store) =>
    [
        Paneer(store),
        Product(store, "India Gate Basmati Rice", "बासमती चावल (basmati chawal)", "India Gate", "1 kg", 21500, 23000, stock: 8, Rice),
        Product(store, "Maggi 2-Minute Masala Noodles", "मैगी नूडल्स (maggi noodles)", "Maggi", "70 g", 1400, 1400, stock: 40, InstantFood),
        Product(store, "Nandini Toned Milk", "दूध (doodh)", "Nandini", "500 ml", 2400, 2400, stock: 30, Dairy),
        Product(store, "Aashirvaad Shudh Chakki Atta", "आटा (atta)", "Aashirvaad", "5 kg", 28500, 30000, stock: 12, Atta),
        Product(store, "Paper Boat Aam Panna", "आम पन्ना (aam panna)", "Paper Boat", "200 ml", 3000, 3000, stock: 10, 9),
        Product(store, "Tata Salt", "नमक (namak)", "Tata", "1 kg", 2800, 2800, stock: 25, SaltAndSugar),
    ];

    private static Product Paneer(Store store) =>
        Product(store, "Amul Fresh Paneer", "पनीर (paneer)", "Amul", "200 g", 9000, 9500, stock: 5, Dairy);

    private static Product Product(Store store, string name, string hindiName, string brand, string unit, long pricePaise, long mrpPaise, int stock, int categoryId) =>
        new(Guid.NewGuid(), store.Id, categoryId, name, hindiName, brand, unit, new Money(pricePaise), new Money(mrpPaise), stock, null);

    private static Store StoreThatDelivers(string name, double metresNorth, int radiusMetres)
    {
        var point = GeoPoint.Create(Customer.Latitude + (metresNorth / 111_320.0), Customer.Longitude).Value;
        var store = new Store(
            Guid.NewGuid(), null, name, "1 Test Road", "Indiranagar", "560038", "+918000000000", point, radiusMetres,
            OpeningHours.AllDay(), Money.Zero, Money.Zero, DateTimeOffset.UnixEpoch);
        store.Approve();
        return store;
    }

    /// <summary>Hours that open three hours from now (in the store's zone) for one hour: closed whenever the test runs.</summary>
    private static OpeningHours ClosedForTheNextHours()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Store.DefaultTimeZone);
        var opens = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime).AddHours(3);
        return OpeningHours.Daily(opens, opens.AddHours(1));
    }

    private async Task AddAsync(Store[] stores, Product[] products)
    {
        await using var db = _database.NewContext();
        db.Stores.AddRange(stores);
        db.Products.AddRange(products);
        await db.SaveChangesAsync();
    }

    private async Task ExecuteAsync(string sql, Guid id)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    /// <summary>One search as one request makes it: a fresh scope, the app's singleton cache.</summary>
    private async Task<IReadOnlyList<SearchHit>> SearchAsync(ProductSearch criteria)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProductSearchQuery>().SearchAsync(criteria, CancellationToken.None);
    }
}
