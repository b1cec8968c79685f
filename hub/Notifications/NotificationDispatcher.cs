using Herald.Hub.History;
using Herald.Hub.Hubs;
using Herald.Hub.Validation;
using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Notifications;

public sealed class NotificationDispatcher(
    HistoryStore store,
    GroupMembers members,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _order = new(1, 1);

    public async Task<SendReceipt> SendAsync(
        NotificationSender sender,
        SendTarget target,
        NotificationInput input,
        IHubClients<INotificationClient> clients)
    {
        await _order.WaitAsync();
        try
        {
            var notification = await store.AppendAsync(
                target,
                cursor => input.Seal(Guid.NewGuid().ToString("D"), cursor, time.GetUtcNow(), sender, target));

            logger.LogInformation(
                "Notification {Id} (cursor {Cursor}) from {Sender} to {Kind}",
                notification.Id,
                notification.Cursor,
                sender.Id,
                target.Kind);

            await DeliverAsync(target.SelectClients(clients, members), notification);
            return new SendReceipt(notification.Id, notification.Cursor);
        }
        finally
        {
            _order.Release();
        }
    }

    public void Dispose() => _order.Dispose();

    private async Task DeliverAsync(INotificationClient recipients, Notification notification)
    {
        try
        {
            await recipients.ReceiveNotification(notification).WaitAsync(DeliveryTimeout);
        }
        catch (TimeoutException)
        {
            logger.LogWarning(
                "Delivering notification {Id} took longer than {Timeout}; later notifications go ahead",
                notification.Id,
                DeliveryTimeout);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogWarning(e, "Delivering notification {Id} failed for some connections", notification.Id);
        }
    }
}
