namespace QuickCommerce.Core.Notifications;

/// <summary>A message for one person, in words they read on a phone.</summary>
public sealed record Notification(Guid RecipientId, string Title, string Body, string? Link);

/// <summary>
/// The port SMS, WhatsApp or email providers plug into. Today only a logging channel exists:
/// it records what would be sent, so flows can be built and tested before a provider is chosen.
/// </summary>
public interface INotificationChannel
{
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
