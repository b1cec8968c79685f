using System.Text.Json;
using Herald.Hub.Configuration;
using Herald.Hub.Notifications;

namespace Herald.Hub.History;

public sealed record HistoryRecord(Notification Notification, SendTarget Target);

public sealed record StateRecord(string Op, string? User, IReadOnlyList<string> Ids, string At)
{
    public const string Read = "read";
    public const string Unread = "unread";
    public const string Ack = "ack";
    public const string Retract = "retract";
}

public sealed record StoreMeta(long PrunedUpTo, long LastCursor);

public sealed class HistoryStore : IDisposable
{
    private const int StateIdsPerLine = 1000;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<Entry?> _entries = [];
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly string _metaPath;
    private readonly int _limit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JsonLinesLog _history;
    private readonly JsonLinesLog _state;
    private int _head;
    private long _latestCursor;
    private long _prunedUpTo;
    private long _stateLinesAfterCompaction;

    public HistoryStore(HubSettings settings, TimeProvider time, ILogger<HistoryStore> logger)
    {
        var dataDirectory = settings.DataDirectory;
        _limit = settings.HistoryLimit;
        _time = time;
        _logger = logger;
        _metaPath = Path.Combine(dataDirectory, "meta.json");

        var meta = ReadMeta();
        _prunedUpTo = meta.PrunedUpTo;
        _latestCursor = Math.Max(meta.LastCursor, meta.PrunedUpTo);

        _history = JsonLinesLog.Open<HistoryRecord>(Path.Combine(dataDirectory, "history.jsonl"), LoadHistory, logger);
        Prune();
        _state = JsonLinesLog.Open<StateRecord>(Path.Combine(dataDirectory, "state.jsonl"), LoadState, logger);
        _stateLinesAfterCompaction = _state.LineCount;

        _logger.LogInformation(
            "History loaded: {Count} notifications retained, latest cursor {Latest}, pruned up to {Pruned}",
            RetainedCount,
            _latestCursor,
            _prunedUpTo);
    }

    public long LatestCursor
    {
        get
        {
            lock (_gate)
            {
                return _latestCursor;
            }
        }
    }

    private int RetainedCount => _entries.Count - _head;

    public static bool TryNormalizeId(string? id, out string normalized)
    {
        if (Guid.TryParse(id, out var guid))
        {
            normalized = guid.ToString("D");
            return true;
        }

        normalized = "";
        return false;
    }

    /// <summary>
    /// Appends several notifications with one flush to disk. Cursors are assigned in list order;
    /// nothing is recorded unless all of them reached the disk.
    /// </summary>
    public async Task<IReadOnlyList<Notification>> AppendManyAsync(
        IReadOnlyList<(SendTarget Target, Func<long, Notification> Create)> sends)
    {
        await _writeLock.WaitAsync();
        try
        {
            var records = new List<HistoryRecord>(sends.Count);
            var cursor = _latestCursor;
            foreach (var (target, create) in sends)
            {
                records.Add(new HistoryRecord(create(++cursor), target));
            }

            await _history.AppendManyAsync(records);
            lock (_gate)
            {
                foreach (var record in records)
                {
                    Add(new Entry(record.Notification, record.Target));
                }

                Prune();
            }

            CompactIfDue();
            return records.ConvertAll(r => r.Notification);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public CatchUpPage GetMissed(string userId, long sinceCursor, Func<string, bool> catchesUpOn, int pageSize)
    {
        lock (_gate)
        {
            var items = new List<MissedNotification>();
            var hasMore = false;
            for (var i = FirstIndexAfter(sinceCursor); i < _entries.Count; i++)
            {
                var entry = _entries[i]!;
                if (entry.Retracted || !entry.Target.IsDurableFor(userId, catchesUpOn))
                {
                    continue;
                }

                if (items.Count == pageSize)
                {
                    hasMore = true;
                    break;
                }

                items.Add(new MissedNotification(
                    entry.Notification, entry.ReadBy.Contains(userId), entry.AckedBy.Contains(userId)));
            }

            return new CatchUpPage(items, hasMore, _latestCursor, _prunedUpTo > sinceCursor);
        }
    }

    public async Task<bool> AcknowledgeAsync(string userId, string id)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (!_byId.TryGetValue(id, out var entry))
            {
                return false;
            }

            if (!entry.AckedBy.Contains(userId))
            {
                await AppendStateAsync(StateRecord.Ack, userId, [id]);
                lock (_gate)
                {
                    entry.AckedBy.Add(userId);
                }

                CompactIfDue();
            }

            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<string>> SetReadAsync(string userId, IReadOnlyList<string> ids, bool read)
    {
        await _writeLock.WaitAsync();
        try
        {
            var known = ids.Distinct(StringComparer.Ordinal).Where(_byId.ContainsKey).ToList();
            var changed = known.Where(id => _byId[id].ReadBy.Contains(userId) != read).ToList();
            if (changed.Count > 0)
            {
                await AppendStateAsync(read ? StateRecord.Read : StateRecord.Unread, userId, changed);
                lock (_gate)
                {
                    foreach (var id in changed)
                    {
                        ApplyRead(_byId[id], userId, read);
                    }
                }

                CompactIfDue();
            }

            return known;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> RetractAsync(string id, string userId)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (!_byId.TryGetValue(id, out var entry))
            {
                return false;
            }

            if (!entry.Retracted)
            {
                await AppendStateAsync(StateRecord.Retract, userId, [id]);
                lock (_gate)
                {
                    entry.Retracted = true;
                }

                CompactIfDue();
            }

            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _history.Dispose();
        _state.Dispose();
        _writeLock.Dispose();
    }

    private async Task AppendStateAsync(string op, string userId, IReadOnlyList<string> ids)
    {
        await _state.AppendAsync(new StateRecord(op, userId, ids, Timestamps.Format(_time.GetUtcNow())));
    }

    private StoreMeta ReadMeta()
    {
        if (!File.Exists(_metaPath))
        {
            return new StoreMeta(0, 0);
        }

        try
        {
            return JsonSerializer.Deserialize<StoreMeta>(File.ReadAllBytes(_metaPath), StoreJson.Options)
                ?? throw new StoreException($"{_metaPath} is empty");
        }
        catch (JsonException e)
        {
            throw new StoreException($"{_metaPath} is not valid: {e.Message}", e);
        }
    }

    private void LoadHistory(HistoryRecord record, long line)
    {
        var cursor = record.Notification.Cursor;
        if (cursor <= _prunedUpTo)
        {
            return;
        }

        if (cursor <= LastRetainedCursor() || !TryNormalizeId(record.Notification.Id, out _)
            || _byId.ContainsKey(record.Notification.Id))
        {
            _logger.LogWarning("history.jsonl: line {Line} repeats or reorders a notification and was skipped", line);
            return;
        }

        Add(new Entry(record.Notification, record.Target));
    }

    private void LoadState(StateRecord record, long line)
    {
        foreach (var id in record.Ids)
        {
            if (!_byId.TryGetValue(id, out var entry))
            {
                continue;
            }

            switch (record.Op)
            {
                case StateRecord.Read or StateRecord.Unread when record.User is { } user:
                    ApplyRead(entry, user, record.Op == StateRecord.Read);
                    break;
                case StateRecord.Ack when record.User is { } user:
                    entry.AckedBy.Add(user);
                    break;
                case StateRecord.Retract:
                    entry.Retracted = true;
                    break;
                default:
                    _logger.LogWarning("state.jsonl: line {Line} has an unknown operation and was skipped", line);
                    return;
            }
        }
    }

    private static void ApplyRead(Entry entry, string userId, bool read)
    {
        if (read)
        {
            entry.ReadBy.Add(userId);
        }
        else
        {
            entry.ReadBy.Remove(userId);
        }
    }

    private long LastRetainedCursor() => RetainedCount > 0 ? _entries[^1]!.Cursor : 0;

    private void Add(Entry entry)
    {
        _entries.Add(entry);
        _byId.Add(entry.Id, entry);
        _latestCursor = Math.Max(_latestCursor, entry.Cursor);
    }

    private void Prune()
    {
        while (RetainedCount > _limit)
        {
            var oldest = _entries[_head]!;
            _entries[_head++] = null;
            _byId.Remove(oldest.Id);
            _prunedUpTo = Math.Max(_prunedUpTo, oldest.Cursor);
        }

        if (_head > 1024 && _head >= _entries.Count / 2)
        {
            _entries.RemoveRange(0, _head);
            _head = 0;
        }
    }

    private int FirstIndexAfter(long cursor)
    {
        int low = _head, high = _entries.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_entries[middle]!.Cursor <= cursor)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private void CompactIfDue()
    {
        var staleHistory = _history.LineCount - RetainedCount;
        var historyDue = staleHistory >= Math.Max(_limit / 2, 1024);
        var stateDue = _state.LineCount >= (2 * _stateLinesAfterCompaction) + 4096;
        if (!historyDue && !stateDue)
        {
            return;
        }

        try
        {
            Compact();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(e, "Compacting the history failed; the append-only files are still complete");
        }
    }

    private void Compact()
    {
        var retained = _entries.Skip(_head).Select(e => e!).ToList();
        var historyTemp = _history.WriteSnapshot(
            retained.Select(e => new HistoryRecord(e.Notification, e.Target)), out var historyLines);
        var stateTemp = _state.WriteSnapshot(StateSnapshot(retained), out var stateLines);

        AtomicFile.Write(
            _metaPath,
            JsonSerializer.SerializeToUtf8Bytes(new StoreMeta(_prunedUpTo, _latestCursor), StoreJson.Options));
        _history.CommitSnapshot(historyTemp, historyLines);
        _state.CommitSnapshot(stateTemp, stateLines);
        _stateLinesAfterCompaction = stateLines;

        _logger.LogInformation(
            "History compacted: {Notifications} notifications, {StateLines} state lines, pruned up to {Pruned}",
            historyLines,
            stateLines,
            _prunedUpTo);
    }

    private IEnumerable<StateRecord> StateSnapshot(IReadOnlyList<Entry> retained)
    {
        var at = Timestamps.Format(_time.GetUtcNow());

        foreach (var chunk in retained.Where(e => e.Retracted).Select(e => e.Id).Chunk(StateIdsPerLine))
        {
            yield return new StateRecord(StateRecord.Retract, null, chunk, at);
        }

        foreach (var (op, selectUsers) in new (string, Func<Entry, IEnumerable<string>>)[]
                 {
                     (StateRecord.Read, e => e.ReadBy),
                     (StateRecord.Ack, e => e.AckedBy),
                 })
        {
            var byUser = retained
                .SelectMany(e => selectUsers(e).Select(user => (User: user, e.Id)))
                .GroupBy(pair => pair.User, pair => pair.Id, StringComparer.Ordinal);
            foreach (var group in byUser)
            {
                foreach (var chunk in group.Chunk(StateIdsPerLine))
                {
                    yield return new StateRecord(op, group.Key, chunk, at);
                }
            }
        }
    }

    private sealed class Entry(Notification notification, SendTarget target)
    {
        public Notification Notification { get; } = notification;

        public SendTarget Target { get; } = target;

        public string Id => Notification.Id;

        public long Cursor => Notification.Cursor;

        public HashSet<string> ReadBy { get; } = new(StringComparer.Ordinal);

        public HashSet<string> AckedBy { get; } = new(StringComparer.Ordinal);

        public bool Retracted { get; set; }
    }
}
