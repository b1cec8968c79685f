using System.Threading.Channels;
using Herald.Hub.History;
using Herald.Hub.Hubs;
using Herald.Hub.Validation;
using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Notifications;

/// <summary>
/// Records and delivers notifications. One writer loop takes every send waiting at that moment,
/// appends them all with a single flush to disk (group commit), then delivers them in cursor
/// order. Senders get their receipt only after their notification is durable and handed to
/// SignalR, and clients never see cursor 6 before cursor 5.
/// </summary>
public sealed class NotificationDispatcher : IDisposable
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);
    private const int MaxBatch = 256;

    private readonly HistoryStore _store;
    private readonly GroupMembers _members;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationDispatcher> _logger;
    private readonly Channel<PendingSend> _queue = Channel.CreateUnbounded<PendingSend>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public NotificationDispatcher(
        HistoryStore store,
        GroupMembers members,
        TimeProvider time,
        ILogger<NotificationDispatcher> logger)
    {
        _store = store;
        _members = members;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    public Task<SendReceipt> SendAsync(
        NotificationSender sender,
        SendTarget target,
        NotificationInput input,
        IHubClients<INotificationClient> clients)
    {
        var pending = new PendingSend(sender, target, input, clients);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The hub is shutting down.");
        }

        return pending.Receipt.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingSend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            IReadOnlyList<Notification> notifications;
            try
            {
                var now = _time.GetUtcNow();
                notifications = await _store.AppendManyAsync(batch.ConvertAll<(SendTarget, Func<long, Notification>)>(
                    p => (p.Target, cursor => p.Input.Seal(Guid.NewGuid().ToString("D"), cursor, now, p.Sender, p.Target))));
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Receipt.TrySetException(e);
                }

                continue;
            }

            // Every send of the batch is started in cursor order before any is awaited: each
            // connection queues its writes in the order they were started, so order holds per
            // connection while a slow connection no longer holds up the others message by message.
            var deliveries = new Task[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var pending = batch[i];
                _logger.LogDebug(
                    "Notification {Id} (cursor {Cursor}) from {Sender} to {Kind}",
                    notifications[i].Id,
                    notifications[i].Cursor,
                    pending.Sender.Id,
                    pending.Target.Kind);
                deliveries[i] = DeliverAsync(pending.Target.SelectClients(pending.Clients, _members), notifications[i]);
            }

            await Task.WhenAll(deliveries);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Receipt.TrySetResult(new SendReceipt(notifications[i].Id, notifications[i].Cursor));
            }
        }
    }

    private async Task DeliverAsync(INotificationClient recipients, Notification notification)
    {
        try
        {
            await recipients.ReceiveNotification(notification).WaitAsync(DeliveryTimeout);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning(
                "Delivering notification {Id} took longer than {Timeout}; later notifications go ahead",
                notification.Id,
                DeliveryTimeout);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            _logger.LogWarning(e, "Delivering notification {Id} failed for some connections", notification.Id);
        }
    }

    private sealed record PendingSend(
        NotificationSender Sender,
        SendTarget Target,
        NotificationInput Input,
        IHubClients<INotificationClient> Clients)
    {
        public TaskCompletionSource<SendReceipt> Receipt { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
