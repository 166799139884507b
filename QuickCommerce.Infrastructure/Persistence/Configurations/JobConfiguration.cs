using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QuickCommerce.Infrastructure.Jobs;

namespace QuickCommerce.Infrastructure.Persistence.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Type).IsRequired();
        builder.Property(j => j.Key).IsRequired();
        builder.HasIndex(j => j.Key).IsUnique();
        builder.Property(j => j.Payload).HasColumnType("jsonb").IsRequired();
        builder.Property(j => j.Status).HasConversion<string>().IsRequired();
        builder.Property(j => j.MaxAttempts).HasDefaultValue(Job.DefaultMaxAttempts);
        // now() of the inserting transaction: the database's clock is the one workers compare with.
        builder.Property(j => j.RunAfter).HasDefaultValueSql("now()");
        // The claim query: due pending jobs in run_after order.
        builder.HasIndex(j => new { j.Status, j.RunAfter });
    }
}
