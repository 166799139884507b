using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Idempotency;

namespace QuickCommerce.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsRequired();
        // text, not jsonb: a replay must return the first response byte for byte, and jsonb reorders keys.
        builder.Property(r => r.ResponseBody).HasColumnType("text");
        builder.HasIndex(r => r.CreatedAt);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
