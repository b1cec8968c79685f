using System.Text.Json;
using Herald.Hub.Auth;
using Herald.Hub.Configuration;
using Herald.Hub.History;
using Herald.Hub.Notifications;
using Herald.Hub.Validation;
using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Hubs;

public sealed record GroupInfo(string Name, string DisplayName, string? Description, bool Mandatory);

public sealed class NotificationHub(
    HeraldConfig config,
    HubSettings settings,
    HistoryStore store,
    NotificationDispatcher dispatcher,
    GroupMembers members,
    ConnectionStats stats,
    TimeProvider time,
    ILogger<NotificationHub> logger)
    : Hub<INotificationClient>
{
    public const string Path = "/hubs/notifications";
    public const int MaxCatchUpGroups = 200;
    public const int MaxReadIds = 500;

    private string UserId => Context.UserIdentifier!;

    public override Task OnConnectedAsync()
    {
        stats.Connected();
        logger.LogDebug("Connection {ConnectionId} opened for {User}", Context.ConnectionId, UserId);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        stats.Disconnected();
        members.RemoveConnection(Context.ConnectionId);
        logger.LogDebug("Connection {ConnectionId} closed for {User}", Context.ConnectionId, UserId);
        return Task.CompletedTask;
    }

    public async Task Subscribe(string group)
    {
        var definition = KnownGroup(group);
        if (!definition.Admits(UserId))
        {
            throw new HubException($"You are not a member of \"{definition.Name}\"; ask IT for access.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, definition.Name);
        members.Add(definition.Name, Context.ConnectionId);
    }

    public async Task Unsubscribe(string group)
    {
        var definition = KnownGroup(group);
        if (definition.Mandatory)
        {
            throw new HubException($"\"{definition.Name}\" is mandatory and cannot be left.");
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, definition.Name);
        members.Remove(definition.Name, Context.ConnectionId);
    }

    public IReadOnlyList<GroupInfo> ListGroups() =>
        [.. config.JoinableBy(UserId).Select(g => new GroupInfo(g.Name, g.DisplayName, g.Description, g.Mandatory))];

    public CatchUpPage GetMissed(long sinceCursor, string[]? groups)
    {
        if (sinceCursor < 0)
        {
            throw new HubException("sinceCursor must be 0 or more.");
        }

        groups ??= [];
        if (groups.Length > MaxCatchUpGroups)
        {
            throw new HubException($"groups may name at most {MaxCatchUpGroups} groups.");
        }

        var userId = UserId;
        var catchUpGroups = groups
            .Where(g => g is not null && config.MayJoin(userId, g))
            .ToHashSet(StringComparer.Ordinal);
        return store.GetMissed(userId, sinceCursor, catchUpGroups.Contains, settings.MissedPage);
    }

    public async Task Acknowledge(string id)
    {
        var normalized = NotificationId(id, "id");
        if (!await store.AcknowledgeAsync(UserId, normalized))
        {
            throw new HubException($"Notification \"{id}\" is unknown or no longer kept.");
        }

        await Clients.User(UserId).Acknowledged(normalized);
    }

    public Task MarkRead(string[] ids) => SetReadAsync(ids, read: true);

    public Task MarkUnread(string[] ids) => SetReadAsync(ids, read: false);

    public async Task<SendReceipt> Send(JsonElement target, JsonElement notification)
    {
        RequireSender("send notifications");
        try
        {
            var sendTarget = TargetParser.Parse(target, config, hasCallingConnection: true);
            var input = NotificationInput.Parse(notification, time.GetUtcNow());
            var sender = new NotificationSender(UserId, Context.User?.Identity?.Name ?? UserId);
            return await dispatcher.SendAsync(sender, sendTarget, input, Clients);
        }
        catch (InputException e)
        {
            throw new HubException(e.Message);
        }
    }

    public async Task Retract(string id)
    {
        RequireSender("retract notifications");
        var normalized = NotificationId(id, "id");
        if (!await store.RetractAsync(normalized, UserId))
        {
            throw new HubException($"Notification \"{id}\" is unknown or no longer kept.");
        }

        logger.LogInformation("Notification {Id} retracted by {User}", normalized, UserId);
        await Clients.All.Retracted(normalized);
    }

    private async Task SetReadAsync(string[]? ids, bool read)
    {
        ids ??= [];
        if (ids.Length > MaxReadIds)
        {
            throw new HubException($"ids may hold at most {MaxReadIds} notification ids.");
        }

        var normalized = ids.Select((id, i) => NotificationId(id, $"ids[{i}]")).ToList();
        if (normalized.Count == 0)
        {
            return;
        }

        var known = await store.SetReadAsync(UserId, normalized, read);
        if (known.Count > 0)
        {
            await Clients.User(UserId).ReadStateChanged(known, read);
        }
    }

    private GroupDefinition KnownGroup(string? group)
    {
        if (string.IsNullOrEmpty(group))
        {
            throw new HubException("group is required.");
        }

        return config.FindGroup(group) ?? throw new HubException($"Unknown group \"{group}\".");
    }

    private void RequireSender(string action)
    {
        if (Context.User?.IsInRole(BearerAuthenticationHandler.SenderRole) != true)
        {
            throw new HubException($"Only senders may {action}.");
        }
    }

    private static string NotificationId(string? id, string name) =>
        HistoryStore.TryNormalizeId(id, out var normalized)
            ? normalized
            : throw new HubException($"{name} must be a notification id (a GUID), got \"{id}\".");
}
