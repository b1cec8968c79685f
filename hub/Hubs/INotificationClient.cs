using Herald.Hub.Notifications;

namespace Herald.Hub.Hubs;

public interface INotificationClient
{
    Task ReceiveNotification(Notification notification);

    Task Acknowledged(string id);

    Task ReadStateChanged(IReadOnlyList<string> ids, bool read);

    Task Retracted(string id);

    Task GroupsChanged();
}
