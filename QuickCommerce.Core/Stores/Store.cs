using QuickCommerce.Core.Accounts;
using NetTopologySuite.Geometries;
using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Stores;

/// <summary>A neighbourhood kirana store: where it is, how far it delivers, when it trades.</summary>
public sealed class Store
{
    /// <summary>Time zone a store's opening hours are in unless it says otherwise.</summary>
    public const string DefaultTimeZone = "Asia/Kolkata";

    private Store()
    {
        Name = string.Empty;
        AddressLine = string.Empty;
        Locality = string.Empty;
        Pincode = string.Empty;
        Phone = string.Empty;
        Location = null!;
        Hours = null!;
        TimeZoneId = DefaultTimeZone;
    }

    public Store(
        Guid id,
        Guid? ownerId,
        string name,
        string addressLine,
        string locality,
        string pincode,
        string phone,
        GeoPoint location,
        int deliveryRadiusMetres,
        OpeningHours hours,
        Money minimumOrder,
        Money deliveryFee,
        DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(deliveryRadiusMetres);
        Id = id;
        OwnerId = ownerId;
        Name = name;
        AddressLine = addressLine;
        Locality = locality;
        Pincode = pincode;
        Phone = phone;
        Location = location.ToPoint();
        DeliveryRadiusMetres = deliveryRadiusMetres;
        Hours = hours;
        TimeZoneId = DefaultTimeZone;
        MinimumOrderPaise = minimumOrder.Paise;
        DeliveryFeePaise = deliveryFee.Paise;
        IsAcceptingOrders = true;
        Approval = ApprovalStatus.Pending;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    /// <summary>The merchant account that runs the store; null for a store not yet claimed.</summary>
    public Guid? OwnerId { get; private set; }

    public string Name { get; private set; }

    public string AddressLine { get; private set; }

    public string Locality { get; private set; }

    public string Pincode { get; private set; }

    public string Phone { get; private set; }

    /// <summary>geography(Point, 4326): X is longitude, Y latitude.</summary>
    public Point Location { get; private set; }

    public int DeliveryRadiusMetres { get; private set; }

    public OpeningHours Hours { get; private set; }

    public string TimeZoneId { get; private set; }

    /// <summary>The owner's open/closed switch; off hides the store whatever its hours say.</summary>
    public bool IsAcceptingOrders { get; private set; }

    public long MinimumOrderPaise { get; private set; }

    public long DeliveryFeePaise { get; private set; }

    public ApprovalStatus Approval { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The shop's GST registration number, if it has one.</summary>
    public string? Gstin { get; private set; }

    /// <summary>Object-storage key of the shop's photo (shown on its page and in nearby results).</summary>
    public string? PhotoKey { get; private set; }

    public Money MinimumOrder => new(MinimumOrderPaise);

    public Money DeliveryFee => new(DeliveryFeePaise);

    public void Approve() => Approval = ApprovalStatus.Approved;

    public void Reject() => Approval = ApprovalStatus.Rejected;

    public void SetGstin(string? gstin) => Gstin = string.IsNullOrWhiteSpace(gstin) ? null : gstin.Trim().ToUpperInvariant();

    public void Suspend() => Approval = ApprovalStatus.Suspended;

    public void SetAcceptingOrders(bool accepting) => IsAcceptingOrders = accepting;

    /// <summary>
    /// Trading now: switched on and inside its opening hours. Approval is a separate gate that
    /// every customer-facing query applies on its own.
    /// </summary>
    public StoreAvailability AvailabilityAt(DateTimeOffset now) =>
        StoreTimetable.Availability(Hours, TimeZoneId, IsAcceptingOrders, now);
}
