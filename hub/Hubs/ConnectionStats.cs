using System.Globalization;

namespace Herald.Hub.Hubs;

public sealed record StatsSnapshot(int Connected, IReadOnlyDictionary<string, int> ConnectsBySecond);

public sealed class ConnectionStats(TimeProvider time)
{
    public const int WindowSeconds = 600;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, int> _connectsBySecond = [];
    private int _connected;

    public void Connected()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            _connected++;
            _connectsBySecond[second] = _connectsBySecond.GetValueOrDefault(second) + 1;
            Trim(second);
        }
    }

    public void Disconnected()
    {
        lock (_gate)
        {
            _connected--;
        }
    }

    public StatsSnapshot Snapshot()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            Trim(second);
            return new StatsSnapshot(
                _connected,
                _connectsBySecond.ToDictionary(
                    pair => pair.Key.ToString(CultureInfo.InvariantCulture), pair => pair.Value));
        }
    }

    private void Trim(long now)
    {
        while (_connectsBySecond.Count > 0 && _connectsBySecond.First().Key <= now - WindowSeconds)
        {
            _connectsBySecond.Remove(_connectsBySecond.First().Key);
        }
    }
}
