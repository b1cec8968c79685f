using System.Text.Json.Serialization;
using Herald.Hub.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Herald.Hub.Notifications;

[JsonConverter(typeof(JsonStringEnumConverter<TargetKind>))]
public enum TargetKind
{
    [JsonStringEnumMemberName("all")] All,
    [JsonStringEnumMemberName("caller")] Caller,
    [JsonStringEnumMemberName("others")] Others,
    [JsonStringEnumMemberName("allExcept")] AllExcept,
    [JsonStringEnumMemberName("client")] Client,
    [JsonStringEnumMemberName("clients")] Clients,
    [JsonStringEnumMemberName("user")] User,
    [JsonStringEnumMemberName("users")] Users,
    [JsonStringEnumMemberName("group")] Group,
    [JsonStringEnumMemberName("groupExcept")] GroupExcept,
    [JsonStringEnumMemberName("groups")] Groups,
    [JsonStringEnumMemberName("othersInGroup")] OthersInGroup,
}

public static class TargetKinds
{
    public static bool NeedsCallingConnection(this TargetKind kind) =>
        kind is TargetKind.Caller or TargetKind.Others or TargetKind.OthersInGroup;
}

public sealed record SendTarget
{
    public required TargetKind Kind { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Groups { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UserIds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConnectionId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ConnectionIds { get; init; }

    public DeliveredTarget ToDelivered() => new(Kind, Group, Groups);

    public bool IsDurableFor(string userId, Func<string, bool> catchesUpOn) => Kind switch
    {
        TargetKind.All => true,
        TargetKind.User => UserId == userId,
        TargetKind.Users => UserIds!.Contains(userId),
        TargetKind.Group => catchesUpOn(Group!),
        TargetKind.Groups => Groups!.Any(catchesUpOn),
        _ => false,
    };

    public INotificationClient SelectClients(IHubClients<INotificationClient> clients, GroupMembers members) => Kind switch
    {
        TargetKind.All => clients.All,
        TargetKind.AllExcept => clients.AllExcept(ConnectionIds!),
        TargetKind.Client => clients.Client(ConnectionId!),
        TargetKind.Clients => clients.Clients(ConnectionIds!),
        TargetKind.User => clients.User(UserId!),
        TargetKind.Users => clients.Users(UserIds!),
        TargetKind.Group => clients.Group(Group!),
        TargetKind.GroupExcept => clients.GroupExcept(Group!, ConnectionIds!),
        TargetKind.Groups => clients.Clients(members.ConnectionsInAny(Groups!)),
        TargetKind.Caller => CallerClients(clients).Caller,
        TargetKind.Others => CallerClients(clients).Others,
        TargetKind.OthersInGroup => CallerClients(clients).OthersInGroup(Group!),
        _ => throw new ArgumentOutOfRangeException(nameof(clients), Kind, "Unhandled target kind."),
    };

    private IHubCallerClients<INotificationClient> CallerClients(IHubClients<INotificationClient> clients) =>
        clients as IHubCallerClients<INotificationClient>
        ?? throw new InvalidOperationException($"Target kind {Kind} needs a calling hub connection.");
}
