using System.Text.Json;
using Herald.Hub.Validation;

namespace Herald.Hub.Configuration;

public sealed record UserAccount(string Id, string Password, string DisplayName, IReadOnlySet<string> Roles);

public sealed record GroupDefinition(
    string Name,
    string DisplayName,
    string? Description,
    bool Mandatory,
    IReadOnlySet<string>? Members)
{
    public bool Admits(string userId) => Members is null || Members.Contains(userId);
}

public sealed class ConfigException(string message) : Exception(message);

public sealed class HeraldConfig
{
    private readonly Dictionary<string, UserAccount> _users;
    private readonly Dictionary<string, GroupDefinition> _groups;

    public HeraldConfig(IEnumerable<UserAccount> users, IEnumerable<GroupDefinition> groups)
    {
        _users = users.ToDictionary(u => u.Id, StringComparer.Ordinal);
        Groups = [.. groups];
        _groups = Groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<GroupDefinition> Groups { get; }

    public int UserCount => _users.Count;

    public UserAccount? FindUser(string userId) => _users.GetValueOrDefault(userId);

    public GroupDefinition? FindGroup(string name) => _groups.GetValueOrDefault(name);

    public bool IsUser(string userId) => _users.ContainsKey(userId);

    public bool IsGroup(string name) => _groups.ContainsKey(name);

    public IEnumerable<GroupDefinition> JoinableBy(string userId) => Groups.Where(g => g.Admits(userId));

    public bool MayJoin(string userId, string group) => FindGroup(group)?.Admits(userId) == true;

    public static HeraldConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ConfigException($"config error: cannot read \"{path}\": {e.Message}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"config error: \"{path}\" is not valid JSON: {e.Message}");
        }

        using (document)
        {
            try
            {
                return Parse(document.RootElement);
            }
            catch (JsonShapeException e)
            {
                var where = e.Path.Length == 0 ? "top level" : e.Path;
                throw new ConfigException($"config error: {where}: {e.Problem}");
            }
        }
    }

    private static HeraldConfig Parse(JsonElement root)
    {
        var top = JsonFields.Of(root, "", "users", "groups");

        var userElements = top.RequiredArray("users");
        if (userElements.Count == 0)
        {
            throw new JsonShapeException("users", "must list at least one user");
        }

        var users = new List<UserAccount>();
        var userIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < userElements.Count; i++)
        {
            var user = ParseUser(userElements[i], JsonShape.Item("users", i));
            if (!userIds.Add(user.Id))
            {
                throw new JsonShapeException($"users[{i}].id", $"duplicate user id \"{user.Id}\"");
            }

            users.Add(user);
        }

        var groups = new List<GroupDefinition>();
        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        var groupElements = top.OptionalArray("groups") ?? [];
        for (var i = 0; i < groupElements.Count; i++)
        {
            var group = ParseGroup(groupElements[i], JsonShape.Item("groups", i), userIds);
            if (!groupNames.Add(group.Name))
            {
                throw new JsonShapeException($"groups[{i}].name", $"duplicate group name \"{group.Name}\"");
            }

            groups.Add(group);
        }

        return new HeraldConfig(users, groups);
    }

    private static UserAccount ParseUser(JsonElement element, string path)
    {
        var fields = JsonFields.Of(element, path, "id", "password", "displayName", "roles");

        var id = fields.RequiredString("id");
        JsonShape.RequireName(id, fields.PathOf("id"));

        var password = fields.RequiredString("password");
        if (password.Length == 0)
        {
            throw new JsonShapeException(fields.PathOf("password"), "must not be empty");
        }

        var displayName = RequiredText(fields, "displayName");

        var roles = new HashSet<string>(StringComparer.Ordinal);
        var roleElements = fields.OptionalArray("roles") ?? [];
        for (var i = 0; i < roleElements.Count; i++)
        {
            var rolePath = JsonShape.Item(fields.PathOf("roles"), i);
            var role = JsonShape.String(roleElements[i], rolePath);
            JsonShape.RequireName(role, rolePath);
            if (!roles.Add(role))
            {
                throw new JsonShapeException(rolePath, $"duplicate role \"{role}\"");
            }
        }

        return new UserAccount(id, password, displayName, roles);
    }

    private static GroupDefinition ParseGroup(JsonElement element, string path, IReadOnlySet<string> userIds)
    {
        var fields = JsonFields.Of(element, path, "name", "displayName", "description", "mandatory", "members");

        var name = fields.RequiredString("name");
        JsonShape.RequireName(name, fields.PathOf("name"));

        var displayName = RequiredText(fields, "displayName");
        var description = fields.OptionalString("description");
        var mandatory = fields.OptionalBoolean("mandatory", false);

        HashSet<string>? members = null;
        if (fields.OptionalArray("members") is { } memberElements)
        {
            members = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < memberElements.Count; i++)
            {
                var memberPath = JsonShape.Item(fields.PathOf("members"), i);
                var member = JsonShape.String(memberElements[i], memberPath);
                if (!userIds.Contains(member))
                {
                    throw new JsonShapeException(memberPath, $"unknown user \"{member}\"");
                }

                if (!members.Add(member))
                {
                    throw new JsonShapeException(memberPath, $"duplicate member \"{member}\"");
                }
            }
        }

        return new GroupDefinition(name, displayName, description, mandatory, members);
    }

    private static string RequiredText(JsonFields fields, string name)
    {
        var value = fields.RequiredString(name).Trim();
        return value.Length > 0 ? value : throw new JsonShapeException(fields.PathOf(name), "must not be empty");
    }
}
