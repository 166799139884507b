using QuickCommerce.Core.Ordering;

namespace QuickCommerce.Web.Features.Merchant;

/// <summary>One line as the shop packs it.</summary>
public sealed record ShopOrderLine(Guid ProductId, string Name, string Unit, int Quantity, long UnitPricePaise, long LineTotalPaise);

/// <summary>
/// An order as the shop sees it in its queue: what to pack, what it is worth, how far it goes and
/// whether its alert still rings. Choices by their wire names ("cod", "proceed"), as customers see them.
/// DistanceKm is from the shop to the delivery point as the crow flies, in km with one decimal;
/// AcknowledgedAt is when someone at the shop silenced the alert (or first answered the order).
/// </summary>
public sealed record ShopOrderView(
    Guid Id,
    OrderStatus Status,
    Guid StoreId,
    string StoreName,
    IReadOnlyList<ShopOrderLine> Lines,
    long SubtotalPaise,
    long DeliveryFeePaise,
    long TotalPaise,
    string DeliveryAddress,
    double DistanceKm,
    string PaymentMethod,
    string IfUnavailable,
    string? Note,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcknowledgedAt)
{
    /// <summary>Placed and nobody at the shop has answered: the dashboard rings for it (as <see cref="Order.AwaitsAcknowledgement"/>).</summary>
    public bool AwaitsAcknowledgement => Status == OrderStatus.Placed && AcknowledgedAt is null;

    /// <summary>Where the queue shows it.</summary>
    public QueueTab Tab => QueueTabs.Of(Status);
}

/// <summary>The merchant queue's tabs, in the order an order moves through them.</summary>
public enum QueueTab
{
    New,
    Accepted,
    Packed,
    OutForDelivery,
    Done,
}

/// <summary>Which statuses each tab of the queue holds.</summary>
public static class QueueTabs
{
    /// <summary>Statuses the shop still has something to do or watch for; shown whatever their age.</summary>
    public static IReadOnlyList<OrderStatus> Open { get; } =
        [OrderStatus.Placed, OrderStatus.AwaitingCustomer, OrderStatus.Accepted, OrderStatus.Packed, OrderStatus.RiderAssigned, OrderStatus.PickedUp];

    /// <summary>Finished orders: the Done tab shows today's only.</summary>
    public static IReadOnlyList<OrderStatus> Finished { get; } =
        [OrderStatus.Delivered, OrderStatus.Rejected, OrderStatus.Cancelled, OrderStatus.DeliveryFailed];

    public static QueueTab Of(OrderStatus status) => status switch
    {
        // Waiting for the customer to approve the shop's changes: still the shop's new order.
        OrderStatus.Placed or OrderStatus.AwaitingCustomer => QueueTab.New,
        OrderStatus.Accepted => QueueTab.Accepted,
        OrderStatus.Packed => QueueTab.Packed,
        OrderStatus.RiderAssigned or OrderStatus.PickedUp => QueueTab.OutForDelivery,
        _ => QueueTab.Done,
    };
}
