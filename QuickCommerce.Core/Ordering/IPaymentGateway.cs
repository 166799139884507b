using QuickCommerce.Core.Common;

namespace QuickCommerce.Core.Ordering;

/// <summary>What the payment side said about an order: how it is paid and the reference to follow it by.</summary>
public sealed record PaymentIntent(PaymentMethod Method, string Reference, string Status);

/// <summary>
/// The port a real payment provider plugs into. Today: cash on delivery, and a UPI placeholder that
/// only records an intent (no money moves).
/// </summary>
public interface IPaymentGateway
{
    Task<PaymentIntent> CreateIntentAsync(Guid orderId, Money amount, PaymentMethod method, CancellationToken cancellationToken);
}
