using System.Text.Json;
using Herald.Hub.Configuration;
using Herald.Hub.Notifications;

namespace Herald.Hub.Validation;

public static class TargetParser
{
    public const int MaxIds = 100;

    private const string Root = "target";

    private static readonly Dictionary<string, TargetKind> Kinds = new(StringComparer.Ordinal)
    {
        ["all"] = TargetKind.All,
        ["caller"] = TargetKind.Caller,
        ["others"] = TargetKind.Others,
        ["allExcept"] = TargetKind.AllExcept,
        ["client"] = TargetKind.Client,
        ["clients"] = TargetKind.Clients,
        ["user"] = TargetKind.User,
        ["users"] = TargetKind.Users,
        ["group"] = TargetKind.Group,
        ["groupExcept"] = TargetKind.GroupExcept,
        ["groups"] = TargetKind.Groups,
        ["othersInGroup"] = TargetKind.OthersInGroup,
    };

    public static SendTarget Parse(JsonElement element, HeraldConfig config, bool hasCallingConnection)
    {
        try
        {
            return ParseFields(element, config, hasCallingConnection);
        }
        catch (JsonShapeException e)
        {
            throw new InputException(InputException.InvalidTarget, e.Message);
        }
    }

    private static SendTarget ParseFields(JsonElement element, HeraldConfig config, bool hasCallingConnection)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw new JsonShapeException(Root, "is required, e.g. {\"kind\":\"all\"}");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonShapeException(Root, "must be a JSON object such as {\"kind\":\"all\"}");
        }

        var kindPath = $"{Root}.kind";
        if (!element.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind == JsonValueKind.Null)
        {
            throw new JsonShapeException(kindPath, $"is required (one of: {KindList})");
        }

        var kindName = JsonShape.String(kindElement, kindPath);
        if (!Kinds.TryGetValue(kindName, out var kind))
        {
            throw new InputException(
                InputException.InvalidTarget, $"Target kind \"{kindName}\" is not one of: {KindList}");
        }

        if (!hasCallingConnection && kind.NeedsCallingConnection())
        {
            throw new InputException(
                InputException.InvalidTarget,
                $"Target kind \"{kindName}\" needs a calling hub connection; send it through the hub's Send method.");
        }

        var fields = JsonFields.Of(element, Root, ["kind", .. FieldsOf(kind)]);
        return kind switch
        {
            TargetKind.All or TargetKind.Caller or TargetKind.Others => new SendTarget { Kind = kind },
            TargetKind.AllExcept or TargetKind.Clients => new SendTarget
            {
                Kind = kind,
                ConnectionIds = ConnectionIds(fields),
            },
            TargetKind.Client => new SendTarget { Kind = kind, ConnectionId = NonEmpty(fields, "connectionId") },
            TargetKind.User => new SendTarget { Kind = kind, UserId = KnownUser(fields, config) },
            TargetKind.Users => new SendTarget { Kind = kind, UserIds = KnownUsers(fields, config) },
            TargetKind.Group or TargetKind.OthersInGroup => new SendTarget
            {
                Kind = kind,
                Group = KnownGroup(fields, config),
            },
            TargetKind.GroupExcept => new SendTarget
            {
                Kind = kind,
                Group = KnownGroup(fields, config),
                ConnectionIds = ConnectionIds(fields),
            },
            TargetKind.Groups => new SendTarget { Kind = kind, Groups = KnownGroups(fields, config) },
            _ => throw new InputException(InputException.InvalidTarget, $"Target kind \"{kindName}\" is not supported."),
        };
    }

    private static string KindList => string.Join(", ", Kinds.Keys);

    private static string[] FieldsOf(TargetKind kind) => kind switch
    {
        TargetKind.AllExcept or TargetKind.Clients => ["connectionIds"],
        TargetKind.Client => ["connectionId"],
        TargetKind.User => ["userId"],
        TargetKind.Users => ["userIds"],
        TargetKind.Group or TargetKind.OthersInGroup => ["group"],
        TargetKind.GroupExcept => ["group", "connectionIds"],
        TargetKind.Groups => ["groups"],
        _ => [],
    };

    private static string NonEmpty(JsonFields fields, string name)
    {
        var value = fields.RequiredString(name);
        return value.Length > 0 ? value : throw new JsonShapeException(fields.PathOf(name), "must not be empty");
    }

    private static string KnownUser(JsonFields fields, HeraldConfig config)
    {
        var userId = NonEmpty(fields, "userId");
        return config.IsUser(userId)
            ? userId
            : throw new JsonShapeException(fields.PathOf("userId"), $"names an unknown user \"{userId}\"");
    }

    private static string KnownGroup(JsonFields fields, HeraldConfig config)
    {
        var group = NonEmpty(fields, "group");
        return config.IsGroup(group)
            ? group
            : throw new JsonShapeException(fields.PathOf("group"), $"names an unknown group \"{group}\"");
    }

    private static List<string> ConnectionIds(JsonFields fields) => Strings(fields, "connectionIds", (_, _) => { });

    private static List<string> KnownUsers(JsonFields fields, HeraldConfig config) =>
        Strings(fields, "userIds", (userId, path) =>
        {
            if (!config.IsUser(userId))
            {
                throw new JsonShapeException(path, $"names an unknown user \"{userId}\"");
            }
        });

    private static List<string> KnownGroups(JsonFields fields, HeraldConfig config) =>
        Strings(fields, "groups", (group, path) =>
        {
            if (!config.IsGroup(group))
            {
                throw new JsonShapeException(path, $"names an unknown group \"{group}\"");
            }
        });

    private static List<string> Strings(JsonFields fields, string name, Action<string, string> check)
    {
        var path = fields.PathOf(name);
        var elements = fields.RequiredArray(name);
        if (elements.Count == 0)
        {
            throw new JsonShapeException(path, "must not be empty");
        }

        if (elements.Count > MaxIds)
        {
            throw new JsonShapeException(path, $"may hold at most {MaxIds} entries");
        }

        var values = new List<string>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            var itemPath = JsonShape.Item(path, i);
            var value = JsonShape.String(elements[i], itemPath);
            if (value.Length == 0)
            {
                throw new JsonShapeException(itemPath, "must not be empty");
            }

            check(value, itemPath);
            if (!values.Contains(value, StringComparer.Ordinal))
            {
                values.Add(value);
            }
        }

        return values;
    }
}
