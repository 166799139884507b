using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Persistence.Queries;
using QuickCommerce.TestSupport;
using static QuickCommerce.Infrastructure.Tests.Stores.StoreBuilder;

namespace QuickCommerce.Infrastructure.Tests.Stores;

public sealed class NearbyStoresQueryTests : IAsyncLifetime
{
    // 14:00 IST on a Wednesday: day-time stores are open, night-only stores are closed.
    private readonly FixedClock _clock = new(FixedClock.Ist(2026, 11, 25, 14));
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Stores_come_back_nearest_first_with_distance_and_eta()
    {
        await AddAsync(
            North(Indiranagar, 1500, "Far Kirana"),
            North(Indiranagar, 200, "Near Kirana"),
            North(Indiranagar, 800, "Middle Kirana"));

        var stores = await FindAsync(3);

        stores.Select(s => s.Name).ShouldBe(["Near Kirana", "Middle Kirana", "Far Kirana"]);
        stores[0].DistanceMeters.ShouldBeInRange(195, 205);
        stores[2].DistanceMeters.ShouldBeInRange(1490, 1510);
        stores[0].EtaMinutes.ShouldBe(10);
        stores[2].EtaMinutes.ShouldBe(15);
        stores.ShouldAllBe(s => s.IsOpen && s.OpensAt == null);
    }

    [Fact]
    public async Task Stores_beyond_the_search_radius_are_left_out()
    {
        await AddAsync(North(Indiranagar, 900, "Inside"), North(Indiranagar, 4000, "Outside", deliveryRadiusMetres: 10_000));

        (await FindAsync(3)).Select(s => s.Name).ShouldBe(["Inside"]);
        (await FindAsync(5)).Select(s => s.Name).ShouldBe(["Inside", "Outside"]);
    }

    [Fact]
    public async Task A_store_whose_own_delivery_radius_does_not_reach_the_customer_is_left_out()
    {
        await AddAsync(North(Indiranagar, 1200, "Short reach", deliveryRadiusMetres: 1000), North(Indiranagar, 1300, "Long reach", deliveryRadiusMetres: 2000));

        (await FindAsync(3)).Select(s => s.Name).ShouldBe(["Long reach"]);
    }

    [Fact]
    public async Task Unapproved_stores_are_never_listed()
    {
        await AddAsync(North(Indiranagar, 100, "Pending", approved: false), North(Indiranagar, 300, "Approved"));

        (await FindAsync(3, includeClosed: true)).Select(s => s.Name).ShouldBe(["Approved"]);
    }

    [Fact]
    public async Task Closed_stores_are_hidden_unless_asked_for_and_then_come_after_the_open_ones_with_when_they_open()
    {
        var nightOnly = OpeningHours.Daily(new TimeOnly(20, 0), new TimeOnly(2, 0));
        var morningOnly = OpeningHours.Daily(new TimeOnly(7, 0), new TimeOnly(11, 0));
        await AddAsync(
            North(Indiranagar, 100, "Night shop", hours: nightOnly),
            North(Indiranagar, 300, "Morning shop", hours: morningOnly),
            North(Indiranagar, 900, "Open shop"));

        (await FindAsync(3)).Select(s => s.Name).ShouldBe(["Open shop"]);

        var all = await FindAsync(3, includeClosed: true);
        all.Select(s => s.Name).ShouldBe(["Open shop", "Night shop", "Morning shop"]);
        all.Skip(1).ShouldAllBe(s => !s.IsOpen);
        all[1].OpensAt.ShouldBe(FixedClock.Ist(2026, 11, 25, 20));
        all[2].OpensAt.ShouldBe(FixedClock.Ist(2026, 11, 26, 7));
    }

    [Fact]
    public async Task A_store_its_owner_switched_off_is_never_listed_not_even_among_the_closed()
    {
        var nightOnly = OpeningHours.Daily(new TimeOnly(20, 0), new TimeOnly(2, 0));
        await AddAsync(
            North(Indiranagar, 100, "Switched off", accepting: false),
            North(Indiranagar, 150, "Switched off at night", hours: nightOnly, accepting: false),
            North(Indiranagar, 200, "Night shop", hours: nightOnly),
            North(Indiranagar, 900, "Open shop"));

        (await FindAsync(3)).Select(s => s.Name).ShouldBe(["Open shop"]);
        (await FindAsync(3, includeClosed: true)).Select(s => s.Name).ShouldBe(["Open shop", "Night shop"]);
    }

    [Fact]
    public async Task With_50000_stores_the_query_uses_the_gist_index_on_location()
    {
        // 50,000 stores scattered over India, then statistics, as a production table would have.
        await using (var connection = await _database.OpenConnectionAsync())
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO stores (id, name, address_line, locality, pincode, phone, location, delivery_radius_metres, hours, time_zone_id, is_accepting_orders, minimum_order_paise, delivery_fee_paise, approval, created_at)
                SELECT gen_random_uuid(), 'Store ' || i, 'Road', 'Somewhere', '560001', '+918000000000',
                       ST_SetSRID(ST_MakePoint(68 + random() * 22, 8 + random() * 22), 4326)::geography,
                       3000, '[]', 'Asia/Kolkata', true, 0, 0, 'Approved', now()
                FROM generate_series(1, 50000) AS i;
                ANALYZE stores;
                """, connection);
            insert.CommandTimeout = 120;
            await insert.ExecuteNonQueryAsync();
        }

        // Capture the SQL EF Core really sends, then ask PostgreSQL how it would run it.
        var capture = new CommandCapture();
        await using (var db = _database.NewContext(capture))
        {
            await new NearbyStoresQuery(db, _clock).FindAsync(Indiranagar, 3, includeClosed: true, CancellationToken.None);
        }

        var plan = await ExplainAsync(capture.Sql!, capture.Parameters);
        plan.ShouldContain("ix_stores_location", customMessage: plan);
    }

    private async Task AddAsync(params Store[] stores)
    {
        await using var db = _database.NewContext();
        db.Stores.AddRange(stores);
        await db.SaveChangesAsync();
    }

    private async Task<IReadOnlyList<NearbyStore>> FindAsync(double radiusKm, bool includeClosed = false)
    {
        await using var db = _database.NewContext();
        return await new NearbyStoresQuery(db, _clock).FindAsync(Indiranagar, radiusKm, includeClosed, CancellationToken.None);
    }

    private async Task<string> ExplainAsync(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        // Through EF Core's connection: it knows how to send NetTopologySuite points as geography.
        await using var db = _database.NewContext();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
        foreach (var parameter in parameters)
        {
            explain.Parameters.Add(parameter);
        }

        await using var reader = await explain.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private sealed class CommandCapture : DbCommandInterceptor
    {
        public string? Sql { get; private set; }

        public List<NpgsqlParameter> Parameters { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Sql = command.CommandText;
            Parameters.Clear();
            Parameters.AddRange(command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
