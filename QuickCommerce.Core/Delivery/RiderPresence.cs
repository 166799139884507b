using NetTopologySuite.Geometries;

namespace QuickCommerce.Core.Delivery;

/// <summary>
/// Where a rider is and whether they take work now. One row per rider, updated by the rider app
/// (the rider issue); merchants read it to find riders near their shop.
/// </summary>
public sealed class RiderPresence
{
    private RiderPresence()
    {
        Location = Point.Empty;
    }

    public RiderPresence(Guid riderId, Point location, bool isAvailable, DateTimeOffset at)
    {
        RiderId = riderId;
        Location = location;
        IsAvailable = isAvailable;
        UpdatedAt = at;
    }

    public Guid RiderId { get; private set; }

    /// <summary>Last known position (SRID 4326).</summary>
    public Point Location { get; private set; }

    /// <summary>On shift and free for a job.</summary>
    public bool IsAvailable { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Report(Point location, bool isAvailable, DateTimeOffset at)
    {
        Location = location;
        IsAvailable = isAvailable;
        UpdatedAt = at;
    }
}

/// <summary>A rider who works for one shop (its own delivery boy), offered that shop's orders first.</summary>
public sealed class StoreRider
{
    private StoreRider()
    {
    }

    public StoreRider(Guid storeId, Guid riderId, DateTimeOffset addedAt)
    {
        StoreId = storeId;
        RiderId = riderId;
        AddedAt = addedAt;
    }

    public Guid StoreId { get; private set; }

    public Guid RiderId { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }
}

/// <summary>What became of a job offered to a rider.</summary>
public enum RiderOfferStatus
{
    Open,
    Accepted,
    Declined,
    Expired,
    /// <summary>Another rider took the job first, or the store assigned someone.</summary>
    Withdrawn,
}

/// <summary>An order offered to one rider; the first to accept gets it (the rider issue decides that).</summary>
public sealed class RiderOffer
{
    private RiderOffer()
    {
    }

    public RiderOffer(Guid orderId, Guid riderId, int distanceMetres, DateTimeOffset offeredAt, DateTimeOffset expiresAt)
    {
        Id = Guid.CreateVersion7(offeredAt);
        OrderId = orderId;
        RiderId = riderId;
        DistanceMetres = distanceMetres;
        OfferedAt = offeredAt;
        ExpiresAt = expiresAt;
        Status = RiderOfferStatus.Open;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public Guid RiderId { get; private set; }

    /// <summary>How far the rider was from the shop when offered.</summary>
    public int DistanceMetres { get; private set; }

    public DateTimeOffset OfferedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public RiderOfferStatus Status { get; private set; }

    public void Close(RiderOfferStatus status) => Status = status;
}
