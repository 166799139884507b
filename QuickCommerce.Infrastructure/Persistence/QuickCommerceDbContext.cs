using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Catalog;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Notifications;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;
using QuickCommerce.Infrastructure.Idempotency;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Jobs;
using QuickCommerce.Infrastructure.Notifications;

namespace QuickCommerce.Infrastructure.Persistence;

/// <summary>The platform's one database: PostgreSQL with PostGIS and pg_trgm.</summary>
public sealed class QuickCommerceDbContext(DbContextOptions<QuickCommerceDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The Data Protection key ring, shared by every app instance (cookies, antiforgery).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<CustomerAddress> CustomerAddresses => Set<CustomerAddress>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Store> Stores => Set<Store>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    /// <summary>The durable job queue (transactional outbox).</summary>
    public DbSet<Job> Jobs => Set<Job>();

    /// <summary>Every change of every product's stock, with its reason.</summary>
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    public DbSet<StoreClosure> StoreClosures => Set<StoreClosure>();

    public DbSet<RiderPresence> RiderPresence => Set<RiderPresence>();

    public DbSet<StoreRider> StoreRiders => Set<StoreRider>();

    public DbSet<RiderOffer> RiderOffers => Set<RiderOffer>();

    /// <summary>Each person's in-app inbox.</summary>
    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>Devices that asked for Web Push.</summary>
    public DbSet<PushSubscription> PushSubscriptions => Set<PushSubscription>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity names its tables AspNet*; plain snake_case names read better next to ours.
        builder.Entity<ApplicationUser>().ToTable("users");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        builder.HasPostgresExtension("postgis");
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(QuickCommerceDbContext).Assembly);
    }
}
