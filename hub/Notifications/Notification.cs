using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Herald.Hub.Notifications;

public record Notification
{
    public required string Id { get; init; }

    public required long Cursor { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    public required string Severity { get; init; }

    public required string SentAt { get; init; }

    public required NotificationSender Sender { get; init; }

    public required DeliveredTarget Target { get; init; }

    public required string? Url { get; init; }

    public required IReadOnlyList<NotificationAction> Actions { get; init; }

    public required bool RequireAck { get; init; }

    public required string? ExpiresAt { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }
}

public sealed record MissedNotification : Notification
{
    [SetsRequiredMembers]
    public MissedNotification(Notification notification, bool read, bool acknowledged)
        : base(notification)
    {
        Read = read;
        Acknowledged = acknowledged;
    }

    public bool Read { get; init; }

    public bool Acknowledged { get; init; }
}

public sealed record NotificationSender(string Id, string DisplayName);

public sealed record NotificationAction(string Id, string Label, string? Url);

public sealed record DeliveredTarget(
    TargetKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Groups);

public sealed record SendReceipt(string Id, long Cursor);

public sealed record CatchUpPage(
    IReadOnlyList<MissedNotification> Notifications,
    bool HasMore,
    long LatestCursor,
    bool Truncated);

public static class Severities
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> All = [Info, Warning, Critical];
}

public static class Timestamps
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
