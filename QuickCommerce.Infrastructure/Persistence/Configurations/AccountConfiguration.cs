using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Infrastructure.Identity;

namespace QuickCommerce.Infrastructure.Persistence.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(AccountRules.NameMaxLength).IsRequired();
        builder.Property(u => u.Role).HasMaxLength(16).IsRequired();
        builder.Property(u => u.Approval).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.ApprovalReason).HasMaxLength(AccountRules.ReasonMaxLength);
        builder.Property(u => u.VehicleType).HasMaxLength(20);
        builder.HasIndex(u => u.PhoneNumber).IsUnique().HasFilter("phone_number IS NOT NULL");
        builder.HasIndex(u => new { u.Role, u.Approval });
        builder.Ignore(u => u.CanAct);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("refresh_tokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
        builder.Property(t => t.RevokedReason).HasMaxLength(60);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerAddressConfiguration : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> builder)
    {
        builder.ToTable("customer_addresses");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Label).HasMaxLength(AccountRules.LabelMaxLength).IsRequired();
        builder.Property(a => a.AddressText).HasMaxLength(AccountRules.AddressMaxLength).IsRequired();
        builder.Property(a => a.Point).HasColumnType("geography (point, 4326)").IsRequired();
        builder.HasIndex(a => new { a.CustomerId, a.CreatedAt });

        // One default address per customer, enforced by the database itself.
        builder.HasIndex(a => a.CustomerId).IsUnique().HasFilter("is_default").HasDatabaseName("ux_customer_addresses_one_default");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
