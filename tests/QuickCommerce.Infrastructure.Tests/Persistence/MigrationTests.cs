using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.TestSupport;

namespace QuickCommerce.Infrastructure.Tests.Persistence;

public sealed class MigrationTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateEmptyAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_with_postgis_trigram_indexes_and_reference_data()
    {
        await MigrateAsync();

        (await ScalarAsync<long>("SELECT count(*) FROM pg_extension WHERE extname IN ('postgis', 'pg_trgm')")).ShouldBe(2);
        var tables = await ListAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        tables.ShouldContain("stores");
        tables.ShouldContain("products");
        tables.ShouldContain("categories");
        tables.ShouldContain("orders");
        tables.ShouldContain("order_lines");
        tables.ShouldContain("order_events");
        tables.ShouldContain("users");

        (await ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE tablename = 'stores' AND indexdef LIKE '%location%'"))
            .ShouldContain("USING gist");
        (await ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE tablename = 'products' AND indexdef LIKE '%search_vector%'"))
            .ShouldContain("USING gin");
        (await ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_products_name_trgm'"))
            .ShouldContain("gin_trgm_ops");
        (await ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'stores'::regclass AND attname = 'location'"))
            .ShouldBe("geography(Point,4326)");

        (await ScalarAsync<long>("SELECT count(*) FROM categories")).ShouldBe(15);
        (await ListAsync("SELECT name FROM roles ORDER BY name")).ShouldBe(["Admin", "Customer", "Merchant", "Rider"]);
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing_the_second_time()
    {
        await MigrateAsync();
        await MigrateAsync();

        (await ScalarAsync<long>("SELECT count(*) FROM categories")).ShouldBe(15);
        (await ScalarAsync<long>("SELECT count(*) FROM roles")).ShouldBe(4);
        await using var db = _database.NewContext();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_search_vector_is_generated_from_name_brand_and_hindi_name()
    {
        await MigrateAsync();
        await ExecuteAsync("""
            INSERT INTO stores (id, name, address_line, locality, pincode, phone, location, delivery_radius_metres, hours, time_zone_id, is_accepting_orders, minimum_order_paise, delivery_fee_paise, approval, created_at)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Test Kirana', '1 Road', 'Indiranagar', '560038', '+918000000000',
                    ST_GeogFromText('POINT(77.64 12.97)'), 3000, '[]', 'Asia/Kolkata', true, 0, 0, 'Approved', now());
            INSERT INTO products (id, store_id, category_id, name, hindi_name, brand, unit, price_paise, mrp_paise, stock, is_active)
            VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', 1, 'Whole Wheat Atta', 'आटा (atta)', 'Aashirvaad', '5 kg', 28000, 28500, 10, true);
            """);

        (await ScalarAsync<bool>("SELECT search_vector @@ plainto_tsquery('simple', 'atta') FROM products")).ShouldBeTrue();
        (await ScalarAsync<bool>("SELECT search_vector @@ plainto_tsquery('english', 'aashirvaad') FROM products")).ShouldBeTrue();
        (await ScalarAsync<bool>("SELECT search_vector @@ plainto_tsquery('simple', 'आटा') FROM products")).ShouldBeTrue();
        (await ScalarAsync<bool>("SELECT search_vector @@ plainto_tsquery('english', 'rice') FROM products")).ShouldBeFalse();
    }

    [Fact]
    public async Task Order_history_rows_cannot_be_rewritten()
    {
        await MigrateAsync();
        await ExecuteAsync("""
            INSERT INTO users (id, full_name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('00000000-0000-0000-0000-0000000000c1', 'C', now(), false, false, false, false, 0);
            INSERT INTO stores (id, name, address_line, locality, pincode, phone, location, delivery_radius_metres, hours, time_zone_id, is_accepting_orders, minimum_order_paise, delivery_fee_paise, approval, created_at)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Test Kirana', '1 Road', 'Indiranagar', '560038', '+918000000000',
                    ST_GeogFromText('POINT(77.64 12.97)'), 3000, '[]', 'Asia/Kolkata', true, 0, 0, 'Approved', now());
            INSERT INTO orders (id, customer_id, store_id, status, subtotal_paise, delivery_fee_paise, total_paise, delivery_address, delivery_point, payment_method, if_unavailable, idempotency_key, created_at, updated_at, version)
            VALUES ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001', 'Placed', 100, 0, 100, 'Home', ST_GeogFromText('POINT(77.64 12.97)'), 'CashOnDelivery', 'Proceed', gen_random_uuid(), now(), now(), 0);
            INSERT INTO order_events (order_id, to_status, actor_role, occurred_at) VALUES ('00000000-0000-0000-0000-0000000000b1', 'Placed', 'Customer', now());
            """);

        var update = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync("UPDATE order_events SET to_status = 'Delivered'"));
        update.MessageText.ShouldContain("append-only");
        var delete = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync("DELETE FROM order_events"));
        delete.MessageText.ShouldContain("append-only");
        (await ScalarAsync<string>("SELECT to_status FROM order_events")).ShouldBe("Placed");
    }

    [Fact]
    public async Task The_database_refuses_negative_stock_and_a_price_above_mrp()
    {
        await MigrateAsync();
        await ExecuteAsync("""
            INSERT INTO stores (id, name, address_line, locality, pincode, phone, location, delivery_radius_metres, hours, time_zone_id, is_accepting_orders, minimum_order_paise, delivery_fee_paise, approval, created_at)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Test Kirana', '1 Road', 'Indiranagar', '560038', '+918000000000',
                    ST_GeogFromText('POINT(77.64 12.97)'), 3000, '[]', 'Asia/Kolkata', true, 0, 0, 'Approved', now());
            INSERT INTO products (id, store_id, category_id, name, hindi_name, brand, unit, price_paise, mrp_paise, stock, is_active)
            VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', 1, 'Atta', 'आटा', 'Local', '1 kg', 5000, 5500, 1, true);
            """);

        var stock = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync("UPDATE products SET stock = stock - 2"));
        stock.ConstraintName.ShouldBe("ck_products_stock");
        var price = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync("UPDATE products SET price_paise = 6000"));
        price.ConstraintName.ShouldBe("ck_products_price");
        (await ScalarAsync<int>("SELECT stock FROM products")).ShouldBe(1);
    }

    private async Task MigrateAsync()
    {
        await using var services = _database.CreateServices();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
