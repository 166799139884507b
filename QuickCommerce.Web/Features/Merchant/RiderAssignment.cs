using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QuickCommerce.Core.Accounts;
using QuickCommerce.Core.Common;
using QuickCommerce.Core.Delivery;
using QuickCommerce.Core.Jobs;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Infrastructure.Identity;
using QuickCommerce.Infrastructure.Persistence;
using QuickCommerce.Web.Features.Orders;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>How far and how wide a shop looks for riders (configuration section Delivery:RiderAssignment).</summary>
public sealed class RiderAssignmentOptions
{
    public const string Section = "Delivery:RiderAssignment";

    /// <summary>Platform riders this close to the shop are candidates. Defaults to 5 km.</summary>
    [Range(500, 20_000)]
    public int SearchRadiusMetres { get; set; } = 5_000;

    /// <summary>Riders one "offer to nearby riders" reaches. Defaults to 5.</summary>
    [Range(1, 20)]
    public int OfferBatchSize { get; set; } = 5;

    /// <summary>How long a rider has to accept an offer. Defaults to 60 seconds.</summary>
    [Range(10, 600)]
    public int OfferSeconds { get; set; } = 60;

    /// <summary>
    /// A position older than this is not trusted as "available": the rider app reports every minute or
    /// so while on shift, so silence means the phone died or lost signal. Defaults to 15 minutes.
    /// </summary>
    [Range(1, 24 * 60)]
    public int PresenceFreshMinutes { get; set; } = 15;

    /// <summary>Most platform riders listed as candidates (the shop's own are always all listed). Defaults to 30.</summary>
    [Range(1, 200)]
    public int MaxPlatformCandidates { get; set; } = 30;
}

/// <summary>
/// A rider the shop could give an order to. <paramref name="Phone"/> is masked but for its last four
/// digits; <paramref name="DistanceMetres"/> is null for an own rider whose app never reported a position.
/// </summary>
public sealed record RiderCandidate(
    Guid RiderId,
    string Name,
    string Phone,
    string? Vehicle,
    int? DistanceMetres,
    bool Own,
    bool Available,
    DateTimeOffset? LastSeen);

/// <summary>An order and its rider after an assign or unassign.</summary>
public sealed record RiderAssignmentView(Guid OrderId, string Status, int Version, Guid? RiderId, string? RiderName);

/// <summary>One rider an order was just offered to, and until when.</summary>
public sealed record RiderOfferView(Guid RiderId, string Name, int DistanceMetres, DateTimeOffset ExpiresAt);

/// <summary>What one "offer to nearby riders" did: whom it reached now, and how many had it already.</summary>
public sealed record OfferRound(Guid OrderId, IReadOnlyList<RiderOfferView> Offered, int OfferedBefore);

/// <summary>
/// The merchant's side of rider assignment: who could deliver a packed order, giving it to one of them,
/// offering it to the nearest few, and taking it back when a rider drops out.
/// <para>
/// Correctness is decided in PostgreSQL, never by Redis. Two things must hold under any concurrency:
/// an order goes to one rider (the order's version is the fencing token, as for accept/reject), and a
/// rider carries one order at a time. For the second, whoever gives a rider a job first takes a row lock
/// on the rider's account (<see cref="LockRiderAsync"/>) and only then checks that the rider has no
/// active order; two shops assigning the same rider at once queue on that lock and the second sees the
/// first's committed assignment. The rider app accepting an offer (the rider issue) must take the same lock.
/// </para>
/// </summary>
public sealed class RiderAssignment(QuickCommerceDbContext db, IJobQueue jobs, IOptions<RiderAssignmentOptions> options, TimeProvider clock)
{
    /// <summary>Statuses in which an order occupies its rider.</summary>
    public static readonly IReadOnlyList<OrderStatus> ActiveStatuses = [OrderStatus.RiderAssigned, OrderStatus.PickedUp];

    private const int ReasonMaxLength = 300;

    private static readonly string[] ActiveStatusNames = [.. ActiveStatuses.Select(s => s.ToString())];

    private readonly RiderAssignmentOptions _options = options.Value;

    /// <summary>
    /// The shop's own riders first (nearest first, those without a position last), then available,
    /// approved platform riders within <see cref="RiderAssignmentOptions.SearchRadiusMetres"/> of the shop,
    /// nearest first. Suspended or unapproved riders and riders on an active order are left out.
    /// </summary>
    public async Task<Result<IReadOnlyList<RiderCandidate>>> CandidatesAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Id == orderId && db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == merchantId))
            .Select(o => new { o.StoreId })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return NoSuchOrder();
        }

        var rows = await CandidateRowsAsync(order.StoreId, cancellationToken);
        return Result<IReadOnlyList<RiderCandidate>>.Success(
            [.. rows.Select(r => new RiderCandidate(r.RiderId, r.Name, MaskPhone(r.Phone), r.Vehicle, r.DistanceMetres, r.Own, r.Available, r.LastSeen))]);
    }

    /// <summary>
    /// Gives the packed order to <paramref name="riderId"/>, who must be a candidate: one of the shop's own
    /// riders, or an available platform rider near the shop; approved and on no other active order.
    /// <paramref name="expectedVersion"/>, when given, is the order version the merchant was looking at.
    /// </summary>
    public async Task<Result<RiderAssignmentView>> AssignAsync(
        Guid merchantId, Guid orderId, Guid riderId, int? expectedVersion, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await OwnOrderAsync(merchantId, orderId, cancellationToken);
        if (order is null)
        {
            return NoSuchOrder();
        }

        if (order.Status != OrderStatus.Packed)
        {
            return DomainError.Conflict("order.not-packed", $"This order is {Order.Describe(order.Status)}, so it cannot be given to a rider now.");
        }

        if (expectedVersion is { } version && version != order.Version)
        {
            return DomainError.Conflict("order.changed", "This order changed since you opened it. Look at it again before assigning a rider.");
        }

        // Lock first, then look: the check below is a new statement, so under READ COMMITTED it sees an
        // assignment that committed while we waited. (A single SELECT … FOR UPDATE would not: its
        // subqueries keep the snapshot taken before the wait.)
        await LockRiderAsync(db, riderId, cancellationToken);
        var rider = await RiderCheckAsync(order.StoreId, riderId, cancellationToken);
        if (rider is null || rider.Role != Roles.Rider)
        {
            return DomainError.Validation("riderId", "There is no rider with this id.");
        }

        if (rider.Approval != nameof(ApprovalStatus.Approved))
        {
            return DomainError.Conflict("rider.not-active", $"{rider.Name} cannot take deliveries right now (the account is not active).");
        }

        if (rider.Busy)
        {
            return DomainError.Conflict("rider.busy", $"{rider.Name} is already on another delivery. Choose another rider.");
        }

        if (!rider.Own && !rider.Nearby)
        {
            return DomainError.Conflict("rider.not-nearby", $"{rider.Name} is no longer available near your shop. Choose another rider.");
        }

        var assigned = order.AssignRider(riderId, Merchant(merchantId), clock);
        if (!assigned.IsSuccess)
        {
            return assigned.Error!;
        }

        OrderStatusChangedHandler.Enqueue(jobs, order, ActorRole.Merchant, reason: null);
        jobs.Enqueue(
            RiderNoticeHandler.JobType,
            $"{RiderNoticeHandler.JobType}:assigned:{order.Id}:v{order.Version}",
            new RiderNotice(RiderNoticeKind.Assigned, order.Id, order.StoreId, [new RiderNoticeTarget(riderId, null)], ExpiresAt: null, Reason: null));
        if (await SaveOrConflictAsync(transaction, orderId, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        // After the order row is ours: any offer still out for this order is now moot.
        await db.RiderOffers
            .Where(o => o.OrderId == orderId && o.Status == RiderOfferStatus.Open)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, RiderOfferStatus.Withdrawn), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RiderAssignmentView(order.Id, order.Status.ToString(), order.Version, riderId, rider.Name);
    }

    /// <summary>
    /// Offers the packed order to the nearest available riders who have not had it yet (the shop's own
    /// riders first), each for <see cref="RiderAssignmentOptions.OfferSeconds"/>. Who accepts first
    /// gets it — that is the rider app's side (the rider issue); here the offers are written and the
    /// riders told. Offering again reaches new riders only: (order, rider) is unique.
    /// </summary>
    public async Task<Result<OfferRound>> OfferAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Id == orderId && db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == merchantId))
            .Select(o => new { o.Id, o.StoreId })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return NoSuchOrder();
        }

        // Hold the order still while offering: an assignment racing this one waits, then withdraws these offers.
        var status = Enum.Parse<OrderStatus>((await db.Database
            .SqlQuery<string>($"SELECT status AS \"Value\" FROM orders WHERE id = {orderId} FOR NO KEY UPDATE")
            .ToListAsync(cancellationToken)).Single());
        if (status != OrderStatus.Packed)
        {
            return DomainError.Conflict("order.not-packed", $"This order is {Order.Describe(status)}, so it cannot be offered to riders now.");
        }

        var now = clock.GetUtcNow();
        var expiresAt = now.AddSeconds(_options.OfferSeconds);
        var offeredBefore = await db.RiderOffers.CountAsync(o => o.OrderId == orderId, cancellationToken);
        var nearest = await OfferTargetsAsync(order.StoreId, orderId, cancellationToken);
        var offered = new List<RiderOfferView>();
        foreach (var rider in nearest)
        {
            var offer = new RiderOffer(orderId, rider.RiderId, rider.DistanceMetres, now, expiresAt);

            // Another "offer" click racing this one may have reached the same rider: the unique
            // (order_id, rider_id) index keeps one offer, and only the round that wrote it tells the rider.
            var written = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO rider_offers (id, order_id, rider_id, distance_metres, offered_at, expires_at, status)
                VALUES ({offer.Id}, {offer.OrderId}, {offer.RiderId}, {offer.DistanceMetres}, {offer.OfferedAt}, {offer.ExpiresAt}, {nameof(RiderOfferStatus.Open)})
                ON CONFLICT (order_id, rider_id) DO NOTHING
                """, cancellationToken);
            if (written == 1)
            {
                offered.Add(new RiderOfferView(rider.RiderId, rider.Name, rider.DistanceMetres, expiresAt));
            }
        }

        if (offered.Count > 0)
        {
            jobs.Enqueue(
                RiderNoticeHandler.JobType,
                $"{RiderNoticeHandler.JobType}:offer:{orderId}:{now.ToUnixTimeMilliseconds()}:{offered[0].RiderId}",
                new RiderNotice(
                    RiderNoticeKind.Offered,
                    orderId,
                    order.StoreId,
                    [.. offered.Select(o => new RiderNoticeTarget(o.RiderId, o.DistanceMetres))],
                    expiresAt,
                    Reason: null));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new OfferRound(orderId, offered, offeredBefore);
    }

    /// <summary>
    /// Takes the order back from a rider who dropped out (RiderAssigned → Packed), with a reason for the
    /// order's history; the shop can then assign it again. Offers are left as they are.
    /// </summary>
    public async Task<Result<RiderAssignmentView>> UnassignAsync(Guid merchantId, Guid orderId, string? reason, CancellationToken cancellationToken)
    {
        if (reason is { Length: > ReasonMaxLength })
        {
            return DomainError.Validation("reason", $"Keep the reason under {ReasonMaxLength} characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await OwnOrderAsync(merchantId, orderId, cancellationToken);
        if (order is null)
        {
            return NoSuchOrder();
        }

        var riderId = order.RiderId;
        var released = order.ReleaseRider(Merchant(merchantId), clock, reason);
        if (!released.IsSuccess)
        {
            return released.Error!.Kind == ErrorKind.Conflict
                ? DomainError.Conflict("order.no-rider", $"This order is {Order.Describe(order.Status)}, so there is no rider to take it back from.")
                : released.Error;
        }

        OrderStatusChangedHandler.Enqueue(jobs, order, ActorRole.Merchant, reason);
        if (riderId is { } previous)
        {
            jobs.Enqueue(
                RiderNoticeHandler.JobType,
                $"{RiderNoticeHandler.JobType}:unassigned:{order.Id}:v{order.Version}",
                new RiderNotice(RiderNoticeKind.Unassigned, order.Id, order.StoreId, [new RiderNoticeTarget(previous, null)], ExpiresAt: null, reason!.Trim()));
        }

        if (await SaveOrConflictAsync(transaction, orderId, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return new RiderAssignmentView(order.Id, order.Status.ToString(), order.Version, null, null);
    }

    /// <summary>
    /// Locks the rider's account row until the transaction ends. Everyone who gives a rider a job
    /// takes this lock before checking the rider is free, so those checks and assignments take turns.
    /// FOR NO KEY UPDATE, so rows that merely reference the rider (inbox, offers) are not held up.
    /// </summary>
    public static Task LockRiderAsync(QuickCommerceDbContext db, Guid riderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {riderId} FOR NO KEY UPDATE", cancellationToken);
    }

    /// <summary>"••••••••5678": enough for the shop to tell riders apart, not enough to copy the number out.</summary>
    public static string MaskPhone(string? phone) =>
        string.IsNullOrEmpty(phone) ? string.Empty
        : phone.Length <= 4 ? phone
        : new string('•', phone.Length - 4) + phone[^4..];

    private static Actor Merchant(Guid merchantId) => new(ActorRole.Merchant, merchantId);

    private static DomainError NoSuchOrder() => DomainError.NotFound("order.not-found", "There is no such order in your shop.");

    private Task<Order?> OwnOrderAsync(Guid merchantId, Guid orderId, CancellationToken cancellationToken) =>
        db.Orders.SingleOrDefaultAsync(o => o.Id == orderId && db.Stores.Any(s => s.Id == o.StoreId && s.OwnerId == merchantId), cancellationToken);

    /// <summary>Saves; if someone else moved the order first, rolls back and says what it is now.</summary>
    private async Task<DomainError?> SaveOrConflictAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Guid orderId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            var now = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync(cancellationToken);
            return DomainError.Conflict("order.changed", $"Someone else changed this order just now: it is {Order.Describe(now)}.");
        }
    }

    private Task<List<CandidateRow>> CandidateRowsAsync(Guid storeId, CancellationToken cancellationToken)
    {
        var freshSince = clock.GetUtcNow().AddMinutes(-_options.PresenceFreshMinutes);
        double radius = _options.SearchRadiusMetres;

        // Two halves: the shop's own riders (wherever they are), then platform riders found through the
        // partial GiST index on available riders' positions (ST_DWithin on geography, in metres).
        return db.Database.SqlQuery<CandidateRow>($"""
            SELECT rider_id, name, phone, vehicle, distance_metres, own, available, last_seen
            FROM (
                SELECT u.id AS rider_id, u.full_name AS name, u.phone_number AS phone, u.vehicle_type AS vehicle,
                       round(ST_Distance(p.location, s.location))::int AS distance_metres,
                       TRUE AS own,
                       coalesce(p.is_available AND p.updated_at >= {freshSince}, FALSE) AS available,
                       p.updated_at AS last_seen
                FROM store_riders sr
                JOIN stores s ON s.id = sr.store_id
                JOIN users u ON u.id = sr.rider_id
                LEFT JOIN rider_presence p ON p.rider_id = u.id
                WHERE sr.store_id = {storeId}
                  AND u.role = {Roles.Rider} AND u.approval = {nameof(ApprovalStatus.Approved)}
                  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.rider_id = u.id AND o.status = ANY({ActiveStatusNames}))
                UNION ALL
                (SELECT u.id, u.full_name, u.phone_number, u.vehicle_type,
                        round(ST_Distance(p.location, s.location))::int,
                        FALSE, TRUE, p.updated_at
                 FROM stores s
                 JOIN rider_presence p ON p.is_available AND ST_DWithin(p.location, s.location, {radius})
                 JOIN users u ON u.id = p.rider_id
                 WHERE s.id = {storeId}
                   AND p.updated_at >= {freshSince}
                   AND u.role = {Roles.Rider} AND u.approval = {nameof(ApprovalStatus.Approved)}
                   AND NOT EXISTS (SELECT 1 FROM store_riders sr WHERE sr.store_id = s.id AND sr.rider_id = u.id)
                   AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.rider_id = u.id AND o.status = ANY({ActiveStatusNames}))
                 ORDER BY ST_Distance(p.location, s.location), u.id
                 LIMIT {_options.MaxPlatformCandidates})
            ) AS candidates
            ORDER BY own DESC, distance_metres NULLS LAST, name, rider_id
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Available riders near the shop (own ones first, then nearest) who have not been offered this order.</summary>
    private async Task<List<OfferTarget>> OfferTargetsAsync(Guid storeId, Guid orderId, CancellationToken cancellationToken)
    {
        var rows = await CandidateRowsAsync(storeId, cancellationToken);
        var offeredAlready = await db.RiderOffers.Where(o => o.OrderId == orderId).Select(o => o.RiderId).ToListAsync(cancellationToken);
        double radius = _options.SearchRadiusMetres;
        return
        [
            .. rows
                .Where(r => r.Available && r.DistanceMetres is { } d && d <= radius && !offeredAlready.Contains(r.RiderId))
                .Take(_options.OfferBatchSize)
                .Select(r => new OfferTarget(r.RiderId, r.Name, r.DistanceMetres!.Value)),
        ];
    }

    private async Task<RiderCheck?> RiderCheckAsync(Guid storeId, Guid riderId, CancellationToken cancellationToken)
    {
        var freshSince = clock.GetUtcNow().AddMinutes(-_options.PresenceFreshMinutes);
        double radius = _options.SearchRadiusMetres;
        var rows = await db.Database.SqlQuery<RiderCheck>($"""
            SELECT u.full_name AS name, u.role, u.approval,
                   EXISTS (SELECT 1 FROM store_riders sr WHERE sr.store_id = {storeId} AND sr.rider_id = u.id) AS own,
                   EXISTS (SELECT 1 FROM rider_presence p JOIN stores s ON s.id = {storeId}
                           WHERE p.rider_id = u.id AND p.is_available AND p.updated_at >= {freshSince}
                             AND ST_DWithin(p.location, s.location, {radius})) AS nearby,
                   EXISTS (SELECT 1 FROM orders o WHERE o.rider_id = u.id AND o.status = ANY({ActiveStatusNames})) AS busy
            FROM users u
            WHERE u.id = {riderId}
            """).ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    private sealed record CandidateRow(
        Guid RiderId, string Name, string? Phone, string? Vehicle, int? DistanceMetres, bool Own, bool Available, DateTimeOffset? LastSeen);

    private sealed record RiderCheck(string Name, string Role, string Approval, bool Own, bool Nearby, bool Busy);

    private sealed record OfferTarget(Guid RiderId, string Name, int DistanceMetres);
}
