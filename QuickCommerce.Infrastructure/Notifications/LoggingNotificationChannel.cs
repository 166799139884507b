using Microsoft.Extensions.Logging;
using QuickCommerce.Core.Notifications;

namespace QuickCommerce.Infrastructure.Notifications;

/// <summary>Writes each notification to the log instead of sending it: no provider is wired yet.</summary>
public sealed partial class LoggingNotificationChannel(ILogger<LoggingNotificationChannel> logger) : INotificationChannel
{
    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        LogWouldSend(logger, notification.RecipientId, notification.Title, notification.Body);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification for {RecipientId}: {Title} - {Body}")]
    private static partial void LogWouldSend(ILogger logger, Guid recipientId, string title, string body);
}
