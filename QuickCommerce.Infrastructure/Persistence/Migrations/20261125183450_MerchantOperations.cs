using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace QuickCommerce.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MerchantOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_order_lines_quantity",
                table: "order_lines");

            migrationBuilder.AddColumn<string>(
                name: "photo_key",
                table: "stores",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "low_stock_threshold",
                table: "products",
                type: "integer",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "products",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "acknowledged_at",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "changes_deadline",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "rider_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "original_quantity",
                table: "order_lines",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "substitute_for_line_id",
                table: "order_lines",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "rider_offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    distance_metres = table.Column<int>(type: "integer", nullable: false),
                    offered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rider_offers", x => x.id);
                    table.ForeignKey(
                        name: "fk_rider_offers_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_rider_offers_users_rider_id",
                        column: x => x.rider_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Lines placed before partial acceptance existed were ordered as they stand.
            migrationBuilder.Sql("UPDATE order_lines SET original_quantity = quantity;");

            migrationBuilder.CreateTable(
                name: "rider_presence",
                columns: table => new
                {
                    rider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location = table.Column<Point>(type: "geography (point, 4326)", nullable: false),
                    is_available = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rider_presence", x => x.rider_id);
                    table.ForeignKey(
                        name: "fk_rider_presence_users_rider_id",
                        column: x => x.rider_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stock_movements",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    delta = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    stock_after = table.Column<int>(type: "integer", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_movements", x => x.id);
                    table.CheckConstraint("ck_stock_movements_delta", "delta <> 0");
                    table.CheckConstraint("ck_stock_movements_stock_after", "stock_after >= 0");
                    table.ForeignKey(
                        name: "fk_stock_movements_products_product_id",
                        column: x => x.product_id,
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_stock_movements_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "store_closures",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_day = table.Column<DateOnly>(type: "date", nullable: false),
                    last_day = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_store_closures", x => x.id);
                    table.CheckConstraint("ck_store_closures_days", "last_day >= first_day");
                    table.ForeignKey(
                        name: "fk_store_closures_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "store_riders",
                columns: table => new
                {
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_store_riders", x => new { x.store_id, x.rider_id });
                    table.ForeignKey(
                        name: "fk_store_riders_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_store_riders_users_rider_id",
                        column: x => x.rider_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_products_low_stock_threshold",
                table: "products",
                sql: "low_stock_threshold >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_orders_rider_id",
                table: "orders",
                column: "rider_id",
                filter: "rider_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_substitute_for_line_id",
                table: "order_lines",
                column: "substitute_for_line_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_order_lines_quantity",
                table: "order_lines",
                sql: "quantity >= 0 AND original_quantity >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_rider_offers_order_id_rider_id",
                table: "rider_offers",
                columns: new[] { "order_id", "rider_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rider_offers_rider_id_status",
                table: "rider_offers",
                columns: new[] { "rider_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_rider_presence_location",
                table: "rider_presence",
                column: "location",
                filter: "is_available")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_product_id_id",
                table: "stock_movements",
                columns: new[] { "product_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_store_id_at",
                table: "stock_movements",
                columns: new[] { "store_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_store_closures_store_id_last_day",
                table: "store_closures",
                columns: new[] { "store_id", "last_day" });

            migrationBuilder.CreateIndex(
                name: "ix_store_riders_rider_id",
                table: "store_riders",
                column: "rider_id");

            migrationBuilder.AddForeignKey(
                name: "fk_order_lines_order_lines_substitute_for_line_id",
                table: "order_lines",
                column: "substitute_for_line_id",
                principalTable: "order_lines",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_orders_users_rider_id",
                table: "orders",
                column: "rider_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_order_lines_order_lines_substitute_for_line_id",
                table: "order_lines");

            migrationBuilder.DropForeignKey(
                name: "fk_orders_users_rider_id",
                table: "orders");

            migrationBuilder.DropTable(
                name: "rider_offers");

            migrationBuilder.DropTable(
                name: "rider_presence");

            migrationBuilder.DropTable(
                name: "stock_movements");

            migrationBuilder.DropTable(
                name: "store_closures");

            migrationBuilder.DropTable(
                name: "store_riders");

            migrationBuilder.DropCheckConstraint(
                name: "ck_products_low_stock_threshold",
                table: "products");

            migrationBuilder.DropIndex(
                name: "ix_orders_rider_id",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_order_lines_substitute_for_line_id",
                table: "order_lines");

            migrationBuilder.DropCheckConstraint(
                name: "ck_order_lines_quantity",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "photo_key",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "low_stock_threshold",
                table: "products");

            migrationBuilder.DropColumn(
                name: "version",
                table: "products");

            migrationBuilder.DropColumn(
                name: "acknowledged_at",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "changes_deadline",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "rider_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "original_quantity",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "substitute_for_line_id",
                table: "order_lines");

            migrationBuilder.AddCheckConstraint(
                name: "ck_order_lines_quantity",
                table: "order_lines",
                sql: "quantity > 0");
        }
    }
}
