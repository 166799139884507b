using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Infrastructure.Persistence.Configurations;

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> builder)
    {
        builder.ToTable("stores");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(120).IsRequired();
        builder.Property(s => s.AddressLine).HasMaxLength(300).IsRequired();
        builder.Property(s => s.Locality).HasMaxLength(80).IsRequired();
        builder.Property(s => s.Pincode).HasMaxLength(6).IsRequired();
        builder.Property(s => s.Phone).HasMaxLength(16).IsRequired();
        builder.Property(s => s.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.Gstin).HasMaxLength(15);
        builder.Property(s => s.PhotoKey).HasMaxLength(200);
        builder.Property(s => s.Approval).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Location).HasColumnType("geography (point, 4326)").IsRequired();
        builder.HasIndex(s => s.Location).HasMethod("gist");
        builder.HasIndex(s => s.OwnerId);
        builder.HasIndex(s => s.Locality);
        builder.HasIndex(s => s.Pincode);
        builder.Property(s => s.Hours)
            .HasColumnType("jsonb")
            .HasConversion(
                hours => OpeningHoursJson.Write(hours),
                json => OpeningHoursJson.Read(json),
                new ValueComparer<OpeningHours>(
                    (a, b) => OpeningHoursJson.Write(a!) == OpeningHoursJson.Write(b!),
                    h => OpeningHoursJson.Write(h).GetHashCode(StringComparison.Ordinal),
                    h => OpeningHoursJson.Read(OpeningHoursJson.Write(h))));
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_stores_delivery_radius", "delivery_radius_metres > 0 AND delivery_radius_metres <= 50000");
            t.HasCheckConstraint("ck_stores_money", "minimum_order_paise >= 0 AND delivery_fee_paise >= 0");
        });
        builder.Ignore(s => s.MinimumOrder);
        builder.Ignore(s => s.DeliveryFee);
    }
}

/// <summary>Opening hours as a small JSON array: [{"day":"Monday","opens":"07:00","closes":"23:00"}].</summary>
internal static class OpeningHoursJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(OpeningHours hours) =>
        JsonSerializer.Serialize(hours.Days.Select(d => new Row(d.Day.ToString(), d.Opens.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), d.Closes.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))), Options);

    public static OpeningHours Read(string json) =>
        new((JsonSerializer.Deserialize<Row[]>(json, Options) ?? [])
            .Select(r => new DailyHours(Enum.Parse<DayOfWeek>(r.Day), TimeOnly.Parse(r.Opens, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(r.Closes, System.Globalization.CultureInfo.InvariantCulture))));

    private sealed record Row(string Day, string Opens, string Closes);
}

internal sealed class StoreClosureConfiguration : IEntityTypeConfiguration<StoreClosure>
{
    public void Configure(EntityTypeBuilder<StoreClosure> builder)
    {
        builder.ToTable("store_closures", t => t.HasCheckConstraint("ck_store_closures_days", "last_day >= first_day"));
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reason).HasMaxLength(120);
        builder.HasIndex(c => new { c.StoreId, c.LastDay });
        builder.HasOne<Store>().WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RiderPresenceConfiguration : IEntityTypeConfiguration<RiderPresence>
{
    public void Configure(EntityTypeBuilder<RiderPresence> builder)
    {
        builder.ToTable("rider_presence");
        builder.HasKey(p => p.RiderId);
        builder.Property(p => p.Location).HasColumnType("geography (point, 4326)").IsRequired();

        // "Available riders near this shop": a GiST index over the positions of riders on shift.
        builder.HasIndex(p => p.Location).HasMethod("gist").HasFilter("is_available");
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<RiderPresence>(p => p.RiderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StoreRiderConfiguration : IEntityTypeConfiguration<StoreRider>
{
    public void Configure(EntityTypeBuilder<StoreRider> builder)
    {
        builder.ToTable("store_riders");
        builder.HasKey(r => new { r.StoreId, r.RiderId });
        builder.HasIndex(r => r.RiderId);
        builder.HasOne<Store>().WithMany().HasForeignKey(r => r.StoreId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.RiderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RiderOfferConfiguration : IEntityTypeConfiguration<RiderOffer>
{
    public void Configure(EntityTypeBuilder<RiderOffer> builder)
    {
        builder.ToTable("rider_offers");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(12);

        // One offer of an order per rider; a rider's open offers.
        builder.HasIndex(o => new { o.OrderId, o.RiderId }).IsUnique();
        builder.HasIndex(o => new { o.RiderId, o.Status });
        builder.HasOne<Order>().WithMany().HasForeignKey(o => o.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.RiderId).OnDelete(DeleteBehavior.Cascade);
    }
}
