using System.Globalization;
using QuickCommerce.Core.Ordering;
using QuickCommerce.Core.Stores;

namespace QuickCommerce.Web.Features.Orders;

/// <summary>
/// One line of an order with what the shop changed. <paramref name="OriginalQuantity"/> is what the
/// customer ordered (0 for a substitute), <paramref name="Quantity"/> what the shop will send (0: none),
/// <paramref name="SubstituteForLineId"/> the line a substitute replaces.
/// </summary>
public sealed record OrderChangeLineView(
    long LineId,
    Guid ProductId,
    string Name,
    string Unit,
    long UnitPricePaise,
    int OriginalQuantity,
    int Quantity,
    long LineTotalPaise,
    long? SubstituteForLineId);

/// <summary>
/// An order line by line with the shop's changes, as the merchant edits them and the customer
/// answers them. <paramref name="OriginalTotalPaise"/> is what the order came to as placed;
/// <paramref name="ChangesDeadline"/> is set while the customer is asked, and
/// <paramref name="IfUnavailable"/> ("proceed" or "cancel") is what happens when they do not answer.
/// </summary>
public sealed record OrderChangesView(
    Guid OrderId,
    string Status,
    int Version,
    Guid StoreId,
    string StoreName,
    IReadOnlyList<OrderChangeLineView> Lines,
    long SubtotalPaise,
    long DeliveryFeePaise,
    long TotalPaise,
    long OriginalTotalPaise,
    string IfUnavailable,
    DateTimeOffset? ChangesDeadline)
{
    private static readonly CultureInfo Indian = CultureInfo.GetCultureInfo("en-IN");

    /// <summary>Whether the shop changed anything: a line sent short or a substitute.</summary>
    public bool HasChanges => Lines.Any(l => l.Quantity != l.OriginalQuantity);

    public static OrderChangesView Of(Order order, string storeName)
    {
        ArgumentNullException.ThrowIfNull(order);
        var lines = order.Lines
            .OrderBy(l => l.SubstituteForLineId ?? l.Id)
            .ThenBy(l => l.SubstituteForLineId is null ? 0 : 1)
            .Select(l => new OrderChangeLineView(l.Id, l.ProductId, l.Name, l.Unit, l.UnitPricePaise, l.OriginalQuantity, l.Quantity, l.LineTotalPaise, l.SubstituteForLineId))
            .ToList();
        var originalSubtotal = order.Lines.Sum(l => l.UnitPricePaise * l.OriginalQuantity);
        return new OrderChangesView(
            order.Id,
            order.Status.ToString(),
            order.Version,
            order.StoreId,
            storeName,
            lines,
            order.SubtotalPaise,
            order.DeliveryFeePaise,
            order.TotalPaise,
            originalSubtotal + order.DeliveryFeePaise,
            order.IfUnavailable == Core.Ordering.IfUnavailable.Proceed ? "proceed" : "cancel",
            order.ChangesDeadline);
    }

    /// <summary>"2:05 pm": a deadline minutes away, in the store's time zone (no date: it is today).</summary>
    public static string AnswerBy(DateTimeOffset deadline, string timeZoneId = Store.DefaultTimeZone)
    {
        var local = TimeZoneInfo.ConvertTime(deadline, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        return local.ToString("h:mm tt", Indian).ToLowerInvariant();
    }
}
