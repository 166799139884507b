namespace QuickCommerce.Web.Features.Checkout;

/// <summary>A point the customer picked for delivery.</summary>
public sealed record PointInput(double? Lat, double? Lng);

/// <summary>One line of the cart: which product and how many.</summary>
public sealed record LineInput(Guid? ProductId, int? Qty);

/// <summary>
/// POST /api/v1/orders body. Either a saved address (<see cref="AddressId"/>) or a typed address
/// with its point. Prices are never taken from the client.
/// </summary>
public sealed record PlaceOrderRequest(
    Guid? StoreId,
    IReadOnlyList<LineInput>? Lines,
    Guid? AddressId,
    string? Address,
    PointInput? Point,
    string? Note,
    string? PaymentMethod,
    string? IfUnavailable);

/// <summary>One line of a placed order as the customer sees it.</summary>
public sealed record OrderLineView(Guid ProductId, string Name, string Unit, long UnitPricePaise, int Quantity, long LineTotalPaise);

/// <summary>An order as the API returns it.</summary>
public sealed record OrderView(
    Guid Id,
    string Status,
    Guid StoreId,
    string StoreName,
    IReadOnlyList<OrderLineView> Lines,
    long SubtotalPaise,
    long DeliveryFeePaise,
    long TotalPaise,
    string DeliveryAddress,
    string PaymentMethod,
    string? PaymentReference,
    string IfUnavailable,
    string? Note,
    DateTimeOffset CreatedAt);

/// <summary>A line the store cannot fill: what was asked and what is left.</summary>
public sealed record ShortLine(Guid ProductId, string Name, int Requested, int Available);
