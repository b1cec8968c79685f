namespace Herald.Hub.Hubs;

public sealed class GroupMembers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _connectionsByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _groupsByConnection = new(StringComparer.Ordinal);

    public void Add(string group, string connectionId)
    {
        lock (_gate)
        {
            SetOf(_connectionsByGroup, group).Add(connectionId);
            SetOf(_groupsByConnection, connectionId).Add(group);
        }
    }

    public void Remove(string group, string connectionId)
    {
        lock (_gate)
        {
            RemoveFrom(_connectionsByGroup, group, connectionId);
            RemoveFrom(_groupsByConnection, connectionId, group);
        }
    }

    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (_groupsByConnection.Remove(connectionId, out var groups))
            {
                foreach (var group in groups)
                {
                    RemoveFrom(_connectionsByGroup, group, connectionId);
                }
            }
        }
    }

    public IReadOnlyList<string> ConnectionsInAny(IEnumerable<string> groups)
    {
        lock (_gate)
        {
            var connections = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in groups)
            {
                if (_connectionsByGroup.TryGetValue(group, out var members))
                {
                    connections.UnionWith(members);
                }
            }

            return [.. connections];
        }
    }

    private static HashSet<string> SetOf(Dictionary<string, HashSet<string>> map, string key)
    {
        if (!map.TryGetValue(key, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            map.Add(key, set);
        }

        return set;
    }

    private static void RemoveFrom(Dictionary<string, HashSet<string>> map, string key, string value)
    {
        if (map.TryGetValue(key, out var set) && set.Remove(value) && set.Count == 0)
        {
            map.Remove(key);
        }
    }
}
