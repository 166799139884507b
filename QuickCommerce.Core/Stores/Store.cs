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

    /// <summary>Shows the photo stored under <paramref name="photoKey"/>, or none when it is null.</summary>
    public void SetPhoto(string? photoKey) => PhotoKey = string.IsNullOrWhiteSpace(photoKey) ? null : photoKey;

    /// <summary>
    /// Trading now: switched on and inside its opening hours. Approval is a separate gate that
    /// every customer-facing query applies on its own.
    /// </summary>
    public StoreAvailability AvailabilityAt(DateTimeOffset now) =>
        StoreTimetable.Availability(Hours, TimeZoneId, IsAcceptingOrders, now);

    // The settings the owner edits. Each change checks its own rule and changes nothing when it
    // fails; the error's code names the field, so a form or an API client can point at it.

    /// <summary>Shortest delivery radius a shop may set: less reaches hardly a street.</summary>
    public const int MinDeliveryRadiusMetres = 500;

    /// <summary>Longest delivery radius a shop may set: beyond it no 30-minute delivery is possible.</summary>
    public const int MaxDeliveryRadiusMetres = 10_000;

    /// <summary>Highest minimum order a shop may ask for: ₹2,000.</summary>
    public const long MaxMinimumOrderPaise = 200_000;

    /// <summary>Highest delivery fee a shop may charge: ₹200.</summary>
    public const long MaxDeliveryFeePaise = 20_000;

    /// <summary>How far ahead a holiday closure may start.</summary>
    public const int ClosureMaxDaysAhead = 365;

    /// <summary>Longest reason a closure may give (the store_closures column).</summary>
    public const int ClosureReasonMaxLength = 120;

    /// <summary>
    /// Trading now: switched on, inside its opening hours and not on a holiday closure. Pass the
    /// store's closures that may matter now (those ending yesterday or later).
    /// </summary>
    public StoreAvailability AvailabilityAt(DateTimeOffset now, IReadOnlyCollection<StoreClosure> closures) =>
        StoreTimetable.Availability(Hours, TimeZoneId, IsAcceptingOrders, now, closures);

    /// <summary>The day it is in the store's own calendar.</summary>
    public DateOnly LocalDay(DateTimeOffset now) => StoreTimetable.LocalDay(now, TimeZoneId);

    /// <summary>The closure that shuts the store today, if any.</summary>
    public StoreClosure? ClosureOn(DateTimeOffset now, IEnumerable<StoreClosure> closures)
    {
        var today = LocalDay(now);
        return closures.FirstOrDefault(c => c.StoreId == Id && c.Covers(today));
    }

    /// <summary>
    /// New weekly hours. Overnight windows (22:00–02:00), round-the-clock days (equal times) and
    /// closed days (no entry) are all allowed; a week with no trading day is not — that is what
    /// the open/closed switch is for.
    /// </summary>
    public Result ChangeHours(OpeningHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (hours.Days.Count == 0)
        {
            return DomainError.Validation("hours", "Open on at least one day of the week; to stop orders for now, use the open/closed switch.");
        }

        Hours = hours;
        return Result.Success();
    }

    public Result ChangeDeliveryRadius(int metres)
    {
        if (metres is < MinDeliveryRadiusMetres or > MaxDeliveryRadiusMetres)
        {
            return DomainError.Validation(
                "deliveryRadiusMetres",
                $"The delivery radius must be between {MinDeliveryRadiusMetres} m and {MaxDeliveryRadiusMetres / 1000} km.");
        }

        DeliveryRadiusMetres = metres;
        return Result.Success();
    }

    public Result ChangeMinimumOrder(Money minimum)
    {
        if (minimum.Paise < 0 || minimum.Paise > MaxMinimumOrderPaise)
        {
            return DomainError.Validation(
                "minimumOrderPaise",
                $"The minimum order must be between {Money.Zero} and {new Money(MaxMinimumOrderPaise)}.");
        }

        MinimumOrderPaise = minimum.Paise;
        return Result.Success();
    }

    public Result ChangeDeliveryFee(Money fee)
    {
        if (fee.Paise < 0 || fee.Paise > MaxDeliveryFeePaise)
        {
            return DomainError.Validation(
                "deliveryFeePaise",
                $"The delivery fee must be between {Money.Zero} and {new Money(MaxDeliveryFeePaise)}.");
        }

        DeliveryFeePaise = fee.Paise;
        return Result.Success();
    }

    /// <summary>The number customers and riders call, stored as +91XXXXXXXXXX however it was typed.</summary>
    public Result ChangePhone(string? phone)
    {
        var parsed = StorePhoneNumber.Parse(phone);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        Phone = parsed.Value.E164;
        return Result.Success();
    }

    /// <summary>
    /// Plans days the shop is shut (Diwali, a family wedding), in its own calendar, both days
    /// included: at most <see cref="StoreClosure.MaxDays"/> days, not wholly past, starting within
    /// <see cref="ClosureMaxDaysAhead"/> days, and not overlapping another closure in
    /// <paramref name="existing"/>. The very same closure asked for again (a retried request)
    /// comes back as the one already there rather than failing.
    /// </summary>
    public Result<StoreClosure> ScheduleClosure(
        DateOnly firstDay, DateOnly lastDay, string? reason, IReadOnlyCollection<StoreClosure> existing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var today = LocalDay(now);
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (lastDay < firstDay)
        {
            return DomainError.Validation("lastDay", "The last day cannot be before the first day.");
        }

        if (lastDay.DayNumber - firstDay.DayNumber + 1 > StoreClosure.MaxDays)
        {
            return DomainError.Validation("lastDay", $"A closure can last at most {StoreClosure.MaxDays} days; add another one after it for longer.");
        }

        if (lastDay < today)
        {
            return DomainError.Validation("lastDay", "These days are already past; a closure must include today or a later day.");
        }

        if (firstDay > today.AddDays(ClosureMaxDaysAhead))
        {
            return DomainError.Validation("firstDay", $"A closure can be planned at most {ClosureMaxDaysAhead} days ahead.");
        }

        if (why is { Length: > ClosureReasonMaxLength })
        {
            return DomainError.Validation("reason", $"Keep the reason under {ClosureReasonMaxLength} characters.");
        }

        var mine = existing.Where(c => c.StoreId == Id).ToList();
        var same = mine.Find(c => c.FirstDay == firstDay && c.LastDay == lastDay && c.Reason == why);
        if (same is not null)
        {
            return same;
        }

        var overlapping = mine.Find(c => c.FirstDay <= lastDay && firstDay <= c.LastDay);
        if (overlapping is not null)
        {
            return DomainError.Validation(
                "firstDay",
                $"These days overlap your closure from {Describe(overlapping.FirstDay)} to {Describe(overlapping.LastDay)}; remove that one first or pick other days.");
        }

        return new StoreClosure(Id, firstDay, lastDay, why);
    }

    private static string Describe(DateOnly day) => day.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
