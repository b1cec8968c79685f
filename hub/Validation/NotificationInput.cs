using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Herald.Hub.Notifications;

namespace Herald.Hub.Validation;

public sealed partial record NotificationInput(
    string Title,
    string Body,
    string Severity,
    string? Url,
    IReadOnlyList<NotificationAction> Actions,
    bool RequireAck,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Tags)
{
    public const int MaxTitle = 200;
    public const int MaxBody = 4000;
    public const int MaxUrl = 2048;
    public const int MaxActions = 3;
    public const int MaxActionLabel = 64;
    public const int MaxTags = 10;
    public const int MaxTag = 32;

    private const string Root = "notification";

    public Notification Seal(string id, long cursor, DateTimeOffset sentAt, NotificationSender sender, SendTarget target) => new()
    {
        Id = id,
        Cursor = cursor,
        Title = Title,
        Body = Body,
        Severity = Severity,
        SentAt = Timestamps.Format(sentAt),
        Sender = sender,
        Target = target.ToDelivered(),
        Url = Url,
        Actions = Actions,
        RequireAck = RequireAck,
        ExpiresAt = ExpiresAt is { } expiresAt ? Timestamps.Format(expiresAt) : null,
        Tags = Tags,
    };

    public static NotificationInput Parse(JsonElement element, DateTimeOffset now)
    {
        try
        {
            return ParseFields(element, now);
        }
        catch (JsonShapeException e)
        {
            throw new InputException(InputException.InvalidNotification, e.Message);
        }
    }

    private static NotificationInput ParseFields(JsonElement element, DateTimeOffset now)
    {
        var fields = JsonFields.Of(
            element, Root, "title", "body", "severity", "url", "actions", "requireAck", "expiresAt", "tags");

        var title = fields.RequiredString("title").Trim();
        RequireLength(title, 1, MaxTitle, fields.PathOf("title"));

        var body = fields.OptionalString("body") ?? "";
        RequireLength(body, 0, MaxBody, fields.PathOf("body"));

        var severity = fields.OptionalString("severity") ?? Severities.Info;
        if (!Severities.All.Contains(severity))
        {
            throw new JsonShapeException(fields.PathOf("severity"), $"must be one of: {string.Join(", ", Severities.All)}");
        }

        var url = fields.OptionalString("url") is { } rawUrl ? ParseUrl(rawUrl, fields.PathOf("url")) : null;
        var actions = ParseActions(fields);
        var requireAck = fields.OptionalBoolean("requireAck", false);
        var expiresAt = fields.OptionalString("expiresAt") is { } rawExpiry
            ? ParseExpiry(rawExpiry, fields.PathOf("expiresAt"), now)
            : (DateTimeOffset?)null;
        var tags = ParseTags(fields);

        return new NotificationInput(title, body, severity, url, actions, requireAck, expiresAt, tags);
    }

    private static List<NotificationAction> ParseActions(JsonFields fields)
    {
        var elements = fields.OptionalArray("actions") ?? [];
        var path = fields.PathOf("actions");
        if (elements.Count > MaxActions)
        {
            throw new JsonShapeException(path, $"may hold at most {MaxActions} actions");
        }

        var actions = new List<NotificationAction>();
        for (var i = 0; i < elements.Count; i++)
        {
            var action = JsonFields.Of(elements[i], JsonShape.Item(path, i), "id", "label", "url");

            var id = action.RequiredString("id");
            JsonShape.RequireName(id, action.PathOf("id"));

            if (actions.Any(a => a.Id == id))
            {
                throw new JsonShapeException(action.PathOf("id"), $"repeats the action id \"{id}\"");
            }

            var label = action.RequiredString("label").Trim();
            RequireLength(label, 1, MaxActionLabel, action.PathOf("label"));

            var url = action.OptionalString("url") is { } rawUrl ? ParseUrl(rawUrl, action.PathOf("url")) : null;
            actions.Add(new NotificationAction(id, label, url));
        }

        return actions;
    }

    private static List<string> ParseTags(JsonFields fields)
    {
        var elements = fields.OptionalArray("tags") ?? [];
        var path = fields.PathOf("tags");
        if (elements.Count > MaxTags)
        {
            throw new JsonShapeException(path, $"may hold at most {MaxTags} tags");
        }

        var tags = new List<string>();
        for (var i = 0; i < elements.Count; i++)
        {
            var tagPath = JsonShape.Item(path, i);
            var tag = JsonShape.String(elements[i], tagPath);
            RequireLength(tag, 1, MaxTag, tagPath);
            if (!tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                throw new JsonShapeException(tagPath, "may contain only letters, digits, '.', '_', ':' and '-'");
            }

            if (tags.Contains(tag))
            {
                throw new JsonShapeException(tagPath, $"repeats the tag \"{tag}\"");
            }

            tags.Add(tag);
        }

        return tags;
    }

    private static string ParseUrl(string value, string path)
    {
        if (value.Length > MaxUrl)
        {
            throw new JsonShapeException(path, $"must be at most {MaxUrl} characters");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0)
        {
            throw new JsonShapeException(path, "must be an http or https URL");
        }

        return value;
    }

    private static DateTimeOffset ParseExpiry(string value, string path, DateTimeOffset now)
    {
        if (!IsoDateTime().IsMatch(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt))
        {
            throw new JsonShapeException(
                path, "must be an ISO-8601 date-time with a time zone, e.g. \"2026-01-01T09:00:00Z\"");
        }

        return expiresAt > now ? expiresAt : throw new JsonShapeException(path, "must be in the future");
    }

    private static void RequireLength(string value, int min, int max, string path)
    {
        if (value.Length < min)
        {
            throw new JsonShapeException(path, min == 1 ? "must not be empty" : $"must be at least {min} characters");
        }

        if (value.Length > max)
        {
            throw new JsonShapeException(path, $"must be at most {max} characters");
        }
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
