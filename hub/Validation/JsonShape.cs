using System.Text.Json;

namespace Herald.Hub.Validation;

public sealed class JsonShapeException(string path, string problem) : Exception($"{path} {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}

public readonly struct JsonFields
{
    private readonly JsonElement _element;

    private JsonFields(JsonElement element, string path)
    {
        _element = element;
        Path = path;
    }

    public string Path { get; }

    public static JsonFields Of(JsonElement element, string path, params string[] allowed)
    {
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw new JsonShapeException(path, "is required");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonShapeException(path, "must be a JSON object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new JsonShapeException(path, $"has duplicate property \"{property.Name}\"");
            }

            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                unknown.Add($"\"{property.Name}\"");
            }
        }

        if (unknown.Count > 0)
        {
            var noun = unknown.Count == 1 ? "property" : "properties";
            throw new JsonShapeException(
                path,
                $"has unknown {noun} {string.Join(", ", unknown)} (allowed: {string.Join(", ", allowed)})");
        }

        return new JsonFields(element, path);
    }

    public string PathOf(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public bool TryGet(string name, out JsonElement value)
    {
        if (_element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public JsonElement Get(string name) => TryGet(name, out var value) ? value : default;

    public JsonElement Required(string name) =>
        TryGet(name, out var value) ? value : throw new JsonShapeException(PathOf(name), "is required");

    public string RequiredString(string name) => JsonShape.String(Required(name), PathOf(name));

    public string? OptionalString(string name) =>
        TryGet(name, out var value) ? JsonShape.String(value, PathOf(name)) : null;

    public bool OptionalBoolean(string name, bool fallback) =>
        TryGet(name, out var value) ? JsonShape.Boolean(value, PathOf(name)) : fallback;

    public IReadOnlyList<JsonElement> RequiredArray(string name) => JsonShape.Array(Required(name), PathOf(name));

    public IReadOnlyList<JsonElement>? OptionalArray(string name) =>
        TryGet(name, out var value) ? JsonShape.Array(value, PathOf(name)) : null;
}

public static class JsonShape
{
    public const int MaxNameLength = 64;

    public static string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new JsonShapeException(path, "must be a string");

    public static bool Boolean(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new JsonShapeException(path, "must be true or false"),
    };

    public static IReadOnlyList<JsonElement> Array(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array
            ? [.. element.EnumerateArray()]
            : throw new JsonShapeException(path, "must be an array");

    public static string Item(string path, int index) => $"{path}[{index}]";

    public static void RequireName(string value, string path)
    {
        if (value.Length == 0)
        {
            throw new JsonShapeException(path, "must not be empty");
        }

        if (value.Length > MaxNameLength)
        {
            throw new JsonShapeException(path, $"must be at most {MaxNameLength} characters");
        }

        if (!value.All(IsNameChar))
        {
            throw new JsonShapeException(path, "may contain only letters, digits, '.', '_' and '-'");
        }
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
