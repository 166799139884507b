using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Notifications;

namespace QuickCommerce.Infrastructure.Persistence.Configurations;

internal sealed class InboxMessageConfiguration : IEntityTypeConfiguration<InboxMessage>
{
    public void Configure(EntityTypeBuilder<InboxMessage> builder)
    {
        builder.ToTable("inbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Title).HasMaxLength(InboxMessage.TitleMaxLength).IsRequired();
        builder.Property(m => m.Body).HasMaxLength(InboxMessage.BodyMaxLength).IsRequired();
        builder.Property(m => m.Link).HasMaxLength(300);
        builder.Property(m => m.Key).HasMaxLength(200).IsRequired();
        builder.Ignore(m => m.IsRead);

        // A job that runs twice writes one message.
        builder.HasIndex(m => new { m.UserId, m.Key }).IsUnique();

        // The inbox page (newest first) and the header's unread count.
        builder.HasIndex(m => new { m.UserId, m.CreatedAt }).IsDescending(false, true);
        builder.HasIndex(m => m.UserId).HasFilter("read_at IS NULL").HasDatabaseName("ix_inbox_messages_unread");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PushSubscriptionConfiguration : IEntityTypeConfiguration<PushSubscription>
{
    public void Configure(EntityTypeBuilder<PushSubscription> builder)
    {
        builder.ToTable("push_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Endpoint).HasMaxLength(2000).IsRequired();
        builder.HasIndex(s => s.Endpoint).IsUnique();
        builder.Property(s => s.P256dh).HasMaxLength(200).IsRequired();
        builder.Property(s => s.Auth).HasMaxLength(100).IsRequired();
        builder.HasIndex(s => s.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
