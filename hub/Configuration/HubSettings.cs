using System.Globalization;

namespace Herald.Hub.Configuration;

public sealed class UsageException(string message) : Exception(message);

public sealed record HubSettings
{
    public const string Usage = """
        Usage: Herald.Hub --urls URLS --data DIR --config FILE [options]

          --urls URLS               addresses to listen on, ';'-separated (e.g. http://127.0.0.1:5180)
          --data DIR                directory for history, read state and the signing key (created if missing)
          --config FILE             users and groups (JSON)
          --token-lifetime SECONDS  access token lifetime (default 3600)
          --refresh-lifetime SECONDS
                                    refresh token lifetime (default 2592000)
          --keep-alive SECONDS      SignalR keep-alive interval (default 15); client timeout is max(30, 2 x keep-alive)
          --history-limit N         notifications retained for catch-up (default 100000)
          --missed-page N           most notifications GetMissed returns per call (default 500)
          --reconnect-buffer BYTES  unacknowledged bytes kept per connection for stateful reconnect (default 32000000)
          --help                    show this help
        """;

    public required string Urls { get; init; }

    public required string DataDirectory { get; init; }

    public required string ConfigPath { get; init; }

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3600);

    public TimeSpan RefreshLifetime { get; init; } = TimeSpan.FromSeconds(2_592_000);

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ClientTimeout => TimeSpan.FromSeconds(Math.Max(30, 2 * KeepAlive.TotalSeconds));

    public int HistoryLimit { get; init; } = 100_000;

    public int MissedPage { get; init; } = 500;

    /// <summary>
    /// Bytes sent but not yet acknowledged that a connection may hold for stateful reconnect.
    /// Sends to that connection wait when it is full, and the JavaScript client acknowledges only
    /// once a second, so this bounds a connection's throughput at about this many bytes a second.
    /// </summary>
    public long ReconnectBuffer { get; init; } = 32_000_000;

    public static bool IsHelpRequest(string[] args) => args.Any(a => a is "--help" or "-h");

    public static HubSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument \"{arg}\"");
            }

            string name;
            string value;
            var equals = arg.IndexOf('=');
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Length)
            {
                name = arg[2..];
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{arg} needs a value");
            }

            if (!KnownOptions.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }

            if (!values.TryAdd(name, value))
            {
                throw new UsageException($"--{name} given more than once");
            }
        }

        return new HubSettings
        {
            Urls = ParseUrls(Required(values, "urls")),
            DataDirectory = RequiredPath(values, "data"),
            ConfigPath = RequiredPath(values, "config"),
            TokenLifetime = Seconds(values, "token-lifetime", 3600),
            RefreshLifetime = Seconds(values, "refresh-lifetime", 2_592_000),
            KeepAlive = Seconds(values, "keep-alive", 15),
            HistoryLimit = Integer(values, "history-limit", 100_000, max: 10_000_000),
            MissedPage = Integer(values, "missed-page", 500, max: 10_000),
            ReconnectBuffer = Integer(values, "reconnect-buffer", 32_000_000, max: int.MaxValue),
        };
    }

    private static readonly HashSet<string> KnownOptions =
    [
        "urls", "data", "config", "token-lifetime", "refresh-lifetime", "keep-alive", "history-limit", "missed-page",
        "reconnect-buffer",
    ];

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new UsageException($"--{name} is required");

    private static string RequiredPath(Dictionary<string, string> values, string name)
    {
        var value = Required(values, name);
        return value.Length > 0 ? Path.GetFullPath(value) : throw new UsageException($"--{name} must not be empty");
    }

    private static string ParseUrls(string value)
    {
        var urls = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new UsageException("--urls must name at least one address");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--urls: \"{url}\" is not an http or https address");
            }
        }

        return string.Join(';', urls);
    }

    private static TimeSpan Seconds(Dictionary<string, string> values, string name, int fallback) =>
        TimeSpan.FromSeconds(Integer(values, name, fallback, max: int.MaxValue));

    private static int Integer(Dictionary<string, string> values, string name, int fallback, int max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from 1 to {max}, got \"{text}\"");
        }

        return value;
    }
}
