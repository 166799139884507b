using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Inventory;

/// <summary>
/// Writes an import's products and ledger entries with PostgreSQL's binary COPY, in the caller's
/// transaction. Through EF's change tracker a 5,000-row file took ~15 s (each insert also reads back
/// the generated search vector); COPY writes the same rows in well under a second. The rows were
/// built and checked by Core (<see cref="Product"/>, <see cref="StockMovement"/>) before they get here.
/// </summary>
internal static class ImportRows
{
    public static async Task WriteAsync(
        QuickCommerceDbContext db, IReadOnlyList<Product> added, IReadOnlyList<Product> changed, IReadOnlyList<StockMovement> movements, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (added.Count > 0)
        {
            await using var products = await connection.BeginBinaryImportAsync(
                "COPY products (id, store_id, category_id, name, hindi_name, brand, unit, price_paise, mrp_paise, stock, barcode, is_active, low_stock_threshold, version) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var product in added)
            {
                await products.StartRowAsync(cancellationToken);
                await products.WriteAsync(product.Id, NpgsqlDbType.Uuid, cancellationToken);
                await products.WriteAsync(product.StoreId, NpgsqlDbType.Uuid, cancellationToken);
                await WriteDetailsAsync(products, product, cancellationToken);
                await products.WriteAsync(product.IsActive, NpgsqlDbType.Boolean, cancellationToken);
                await products.WriteAsync(product.LowStockThreshold, NpgsqlDbType.Integer, cancellationToken);
                await products.WriteAsync(product.Version, NpgsqlDbType.Integer, cancellationToken);
            }

            await products.CompleteAsync(cancellationToken);
        }

        if (changed.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                CREATE TEMP TABLE import_changes (
                    id uuid PRIMARY KEY, category_id integer, name text, hindi_name text, brand text, unit text,
                    price_paise bigint, mrp_paise bigint, stock integer, barcode text, version integer) ON COMMIT DROP
                """,
                cancellationToken);
            await using (var changes = await connection.BeginBinaryImportAsync(
                "COPY import_changes (id, category_id, name, hindi_name, brand, unit, price_paise, mrp_paise, stock, barcode, version) FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                foreach (var product in changed)
                {
                    await changes.StartRowAsync(cancellationToken);
                    await changes.WriteAsync(product.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await WriteDetailsAsync(changes, product, cancellationToken);
                    await changes.WriteAsync(product.Version, NpgsqlDbType.Integer, cancellationToken);
                }

                await changes.CompleteAsync(cancellationToken);
            }

            // The rows are locked (FOR UPDATE) since they were read, so these values overwrite nothing newer.
            await db.Database.ExecuteSqlRawAsync(
                """
                UPDATE products p
                SET category_id = c.category_id, name = c.name, hindi_name = c.hindi_name, brand = c.brand, unit = c.unit,
                    price_paise = c.price_paise, mrp_paise = c.mrp_paise, stock = c.stock, barcode = c.barcode, version = c.version
                FROM import_changes c
                WHERE p.id = c.id
                """,
                cancellationToken);
        }

        if (movements.Count > 0)
        {
            await using var ledger = await connection.BeginBinaryImportAsync(
                "COPY stock_movements (product_id, store_id, delta, reason, stock_after, actor_id, order_id, note, at) FROM STDIN (FORMAT BINARY)",
                cancellationToken);
            foreach (var movement in movements)
            {
                await ledger.StartRowAsync(cancellationToken);
                await ledger.WriteAsync(movement.ProductId, NpgsqlDbType.Uuid, cancellationToken);
                await ledger.WriteAsync(movement.StoreId, NpgsqlDbType.Uuid, cancellationToken);
                await ledger.WriteAsync(movement.Delta, NpgsqlDbType.Integer, cancellationToken);
                await ledger.WriteAsync(movement.Reason.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await ledger.WriteAsync(movement.StockAfter, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(ledger, movement.ActorId, cancellationToken);
                await WriteNullableAsync(ledger, movement.OrderId, cancellationToken);
                if (movement.Note is null)
                {
                    await ledger.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await ledger.WriteAsync(movement.Note, NpgsqlDbType.Varchar, cancellationToken);
                }

                await ledger.WriteAsync(movement.At.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await ledger.CompleteAsync(cancellationToken);
        }
    }

    /// <summary>category_id, name, hindi_name, brand, unit, price_paise, mrp_paise, stock, barcode — in that order.</summary>
    private static async Task WriteDetailsAsync(NpgsqlBinaryImporter writer, Product product, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(product.CategoryId, NpgsqlDbType.Integer, cancellationToken);
        await writer.WriteAsync(product.Name, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(product.HindiName, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(product.Brand, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(product.Unit, NpgsqlDbType.Varchar, cancellationToken);
        await writer.WriteAsync(product.PricePaise, NpgsqlDbType.Bigint, cancellationToken);
        await writer.WriteAsync(product.MrpPaise, NpgsqlDbType.Bigint, cancellationToken);
        await writer.WriteAsync(product.Stock, NpgsqlDbType.Integer, cancellationToken);
        if (product.Barcode is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(product.Barcode, NpgsqlDbType.Varchar, cancellationToken);
        }
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, Guid? value, CancellationToken cancellationToken)
    {
        if (value is { } id)
        {
            await writer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }
    }
}
