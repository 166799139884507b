using QuickCommerce.Core.Ordering;
using QuickCommerce.Web.Features.Checkout;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>How orders are shown to API clients: statuses and choices by their wire names.</summary>
public static class OrderViews
{
    public static OrderView Of(Order order, string storeName)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderView(
            order.Id,
            order.Status.ToString(),
            order.StoreId,
            storeName,
            [.. order.Lines.Select(l => new OrderLineView(l.ProductId, l.Name, l.Unit, l.UnitPricePaise, l.Quantity, l.LineTotalPaise))],
            order.SubtotalPaise,
            order.DeliveryFeePaise,
            order.TotalPaise,
            order.DeliveryAddress,
            order.PaymentMethod == PaymentMethod.CashOnDelivery ? "cod" : "upi-placeholder",
            order.PaymentReference,
            order.IfUnavailable == IfUnavailable.Proceed ? "proceed" : "cancel",
            order.Note,
            order.CreatedAt);
    }
}
