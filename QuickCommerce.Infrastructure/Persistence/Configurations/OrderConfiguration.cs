using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Infrastructure.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders", t =>
            t.HasCheckConstraint("ck_orders_totals", "subtotal_paise >= 0 AND delivery_fee_paise >= 0 AND total_paise = subtotal_paise + delivery_fee_paise"));
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.PaymentMethod).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.IfUnavailable).HasConversion<string>().HasMaxLength(10);
        builder.Property(o => o.DeliveryAddress).HasMaxLength(300).IsRequired();
        builder.Property(o => o.DeliveryPoint).HasColumnType("geography (point, 4326)").IsRequired();
        builder.Property(o => o.Note).HasMaxLength(500);
        builder.Property(o => o.PaymentReference).HasMaxLength(80);
        builder.Property(o => o.PaymentStatus).HasMaxLength(30);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.CustomerId, o.IdempotencyKey }).IsUnique();
        builder.HasIndex(o => new { o.StoreId, o.Status, o.CreatedAt });
        builder.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        builder.HasIndex(o => o.RiderId).HasFilter("rider_id IS NOT NULL");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.RiderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Store>().WithMany().HasForeignKey(o => o.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(o => o.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(o => o.Total);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("order_lines", t =>
        {
            // 0: the shop has none of it (partial acceptance); the line stays, so the customer sees what changed.
            t.HasCheckConstraint("ck_order_lines_quantity", "quantity >= 0 AND original_quantity >= 0");
        });
        builder.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.SubstituteForLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(160).IsRequired();
        builder.Property(l => l.Unit).HasMaxLength(40).IsRequired();
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        builder.ToTable("order_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.FromStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ToStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ActorRole).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.HasIndex(e => new { e.OrderId, e.Id });
    }
}
