using Microsoft.EntityFrameworkCore;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>One of the shop's own riders as the shop sees them. <paramref name="Phone"/> is masked but for its last four digits.</summary>
public sealed record ShopRider(
    Guid RiderId,
    string Name,
    string Phone,
    string? Vehicle,
    bool Active,
    bool Available,
    bool OnDelivery,
    DateTimeOffset? LastSeen,
    DateTimeOffset AddedAt);

/// <summary>A shop's own riders ("delivery boys"), listed first when it assigns an order.</summary>
public sealed class ShopRiders(QuickCommerceDbContext db, TimeProvider clock)
{
    private const int LoginMaxLength = AccountRules.EmailMaxLength;

    private static readonly string[] ActiveStatusNames = [.. RiderAssignment.ActiveStatuses.Select(s => s.ToString())];

    public async Task<Result<IReadOnlyList<ShopRider>>> ListAsync(Guid merchantId, Guid? storeId, CancellationToken cancellationToken)
    {
        var store = await StoreOfAsync(merchantId, storeId, cancellationToken);
        if (!store.IsSuccess)
        {
            return store.Error!;
        }

        var rows = await RowsAsync(store.Value, riderId: null, cancellationToken);
        return Result<IReadOnlyList<ShopRider>>.Success([.. rows.Select(View)]);
    }

    /// <summary>
    /// Adds an approved rider account, found by its mobile number or email, to the shop's own riders.
    /// Adding someone already on the list changes nothing (Value.Added is false).
    /// </summary>
    public async Task<Result<(ShopRider Rider, bool Added)>> AddAsync(Guid merchantId, Guid? storeId, string? phoneOrEmail, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(phoneOrEmail))
        {
            return DomainError.Validation("phoneOrEmail", "Enter the rider's mobile number or email.");
        }

        var login = phoneOrEmail.Trim();
        if (login.Length > LoginMaxLength)
        {
            return DomainError.Validation("phoneOrEmail", "That is too long for a mobile number or an email.");
        }

        var store = await StoreOfAsync(merchantId, storeId, cancellationToken);
        if (!store.IsSuccess)
        {
            return store.Error!;
        }

        var users = db.Users.AsNoTracking();
        if (login.Contains('@', StringComparison.Ordinal))
        {
            var normalized = login.ToUpperInvariant();
            users = users.Where(u => u.NormalizedEmail == normalized);
        }
        else
        {
            var phone = IndianPhoneNumber.Parse(login);
            if (!phone.IsSuccess)
            {
                return DomainError.Validation("phoneOrEmail", phone.Error!.Message);
            }

            var e164 = phone.Value.E164;
            users = users.Where(u => u.PhoneNumber == e164);
        }

        // One answer for "no such account", "not a rider" and "not approved": the shop learns nothing else about the number.
        var riderId = await users
            .Where(u => u.Role == Roles.Rider && u.Approval == ApprovalStatus.Approved)
            .Select(u => (Guid?)u.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (riderId is not { } id)
        {
            return DomainError.Validation("phoneOrEmail", "No approved rider account has this mobile number or email. Ask the rider to sign up as a rider first.");
        }

        var added = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO store_riders (store_id, rider_id, added_at)
            VALUES ({store.Value}, {id}, {clock.GetUtcNow()})
            ON CONFLICT (store_id, rider_id) DO NOTHING
            """, cancellationToken);
        var row = (await RowsAsync(store.Value, id, cancellationToken)).Single();
        return (View(row), added == 1);
    }

    /// <summary>Takes a rider off the shop's list. Their current delivery, if any, is not affected.</summary>
    public async Task<Result> RemoveAsync(Guid merchantId, Guid? storeId, Guid riderId, CancellationToken cancellationToken)
    {
        var store = await StoreOfAsync(merchantId, storeId, cancellationToken);
        if (!store.IsSuccess)
        {
            return store.Error!;
        }

        var removed = await db.StoreRiders.Where(r => r.StoreId == store.Value && r.RiderId == riderId).ExecuteDeleteAsync(cancellationToken);
        return removed == 0
            ? DomainError.NotFound("rider.not-own", "This rider is not one of your shop's riders.")
            : Result.Success();
    }

    /// <summary>The merchant's shop: the one named, or their only one.</summary>
    private async Task<Result<Guid>> StoreOfAsync(Guid merchantId, Guid? storeId, CancellationToken cancellationToken)
    {
        var stores = await db.Stores.AsNoTracking()
            .Where(s => s.OwnerId == merchantId && (storeId == null || s.Id == storeId))
            .Select(s => s.Id)
            .Take(2)
            .ToListAsync(cancellationToken);
        return stores.Count switch
        {
            0 when storeId is not null => DomainError.NotFound("store.not-found", "There is no such shop of yours."),
            0 => DomainError.NotFound("store.none", "No shop is linked to this account yet."),
            1 => stores[0],
            _ => DomainError.Validation("storeId", "You run more than one shop: say which one (storeId)."),
        };
    }

    private Task<List<Row>> RowsAsync(Guid storeId, Guid? riderId, CancellationToken cancellationToken)
    {
        var anyRider = riderId is null;
        var onlyRider = riderId ?? Guid.Empty;
        return db.Database.SqlQuery<Row>($"""
            SELECT u.id AS rider_id, u.full_name AS name, u.phone_number AS phone, u.vehicle_type AS vehicle,
                   u.approval = {nameof(ApprovalStatus.Approved)} AS active,
                   coalesce(p.is_available, FALSE) AS available,
                   EXISTS (SELECT 1 FROM orders o WHERE o.rider_id = u.id AND o.status = ANY({ActiveStatusNames})) AS on_delivery,
                   p.updated_at AS last_seen,
                   sr.added_at
            FROM store_riders sr
            JOIN users u ON u.id = sr.rider_id
            LEFT JOIN rider_presence p ON p.rider_id = u.id
            WHERE sr.store_id = {storeId} AND ({anyRider} OR sr.rider_id = {onlyRider})
            ORDER BY u.full_name, u.id
            """).ToListAsync(cancellationToken);
    }

    private static ShopRider View(Row row) =>
        new(row.RiderId, row.Name, RiderAssignment.MaskPhone(row.Phone), row.Vehicle, row.Active, row.Available, row.OnDelivery, row.LastSeen, row.AddedAt);

    private sealed record Row(
        Guid RiderId, string Name, string? Phone, string? Vehicle, bool Active, bool Available, bool OnDelivery, DateTimeOffset? LastSeen, DateTimeOffset AddedAt);
}
