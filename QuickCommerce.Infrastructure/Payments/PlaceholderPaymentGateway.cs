using QuickCommerce.Core.Common;
using QuickCommerce.Core.Ordering;

namespace QuickCommerce.Infrastructure.Payments;

/// <summary>
/// Cash on delivery needs nothing up front; the UPI placeholder records an intent with a reference
/// a real gateway would return. No money moves and no provider is called.
/// </summary>
public sealed class PlaceholderPaymentGateway : IPaymentGateway
{
    public Task<PaymentIntent> CreateIntentAsync(Guid orderId, Money amount, PaymentMethod method, CancellationToken cancellationToken) =>
        Task.FromResult(method switch
        {
            PaymentMethod.CashOnDelivery => new PaymentIntent(method, $"cod-{orderId:N}", "due-on-delivery"),
            PaymentMethod.UpiPlaceholder => new PaymentIntent(method, $"upi-intent-{orderId:N}", "awaiting-payment"),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown payment method."),
        });
}
