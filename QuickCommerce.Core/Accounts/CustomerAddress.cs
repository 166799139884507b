using NetTopologySuite.Geometries;
using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Accounts;

/// <summary>A delivery address a customer saved ("Home", "Office"), with the point riders navigate to.</summary>
public sealed class CustomerAddress
{
    /// <summary>How many addresses one customer may keep.</summary>
    public const int MaxPerCustomer = 10;

    private CustomerAddress()
    {
        Label = string.Empty;
        AddressText = string.Empty;
        Point = null!;
    }

    public CustomerAddress(Guid id, Guid customerId, string label, string addressText, GeoPoint point, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentException.ThrowIfNullOrWhiteSpace(addressText);
        Id = id;
        CustomerId = customerId;
        Label = label.Trim();
        AddressText = addressText.Trim();
        Point = point.ToPoint();
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid CustomerId { get; private set; }

    public string Label { get; private set; }

    public string AddressText { get; private set; }

    /// <summary>geography(Point, 4326).</summary>
    public Point Point { get; private set; }

    /// <summary>The one address checkout offers first. At most one per customer (a partial unique index).</summary>
    public bool IsDefault { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public void MarkDefault(bool isDefault) => IsDefault = isDefault;
}
