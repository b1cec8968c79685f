using System.Text.Json;

namespace Herald.Hub.History;

public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);

internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

internal sealed class JsonLinesLog : IDisposable
{
    private const int ReadBufferSize = 64 * 1024;

    private FileStream _stream;

    private JsonLinesLog(string path, long lineCount)
    {
        FilePath = path;
        LineCount = lineCount;
        _stream = OpenForAppend(path);
    }

    public string FilePath { get; }

    public long LineCount { get; private set; }

    public static JsonLinesLog Open<T>(string path, Action<T, long> onRecord, ILogger logger)
    {
        var name = Path.GetFileName(path);
        long lineCount = 0;
        if (File.Exists(path))
        {
            var (validLength, lines) = ReadRecords(path, onRecord, logger);
            lineCount = lines;
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            if (file.Length > validLength)
            {
                logger.LogWarning(
                    "{File}: dropping an incomplete last line ({Bytes} bytes) left by an interrupted write",
                    name,
                    file.Length - validLength);
                file.SetLength(validLength);
                file.Flush(flushToDisk: true);
            }
        }

        return new JsonLinesLog(path, lineCount);
    }

    public async Task AppendAsync<T>(T record)
    {
        var line = Serialize(record);
        var length = _stream.Length;
        try
        {
            await _stream.WriteAsync(line);
            _stream.Flush(flushToDisk: true);
        }
        catch
        {
            TryTruncate(length);
            throw;
        }

        LineCount++;
    }

    /// <summary>Appends several records with one flush to disk (group commit).</summary>
    public async Task AppendManyAsync<T>(IReadOnlyList<T> records)
    {
        var length = _stream.Length;
        try
        {
            foreach (var record in records)
            {
                await _stream.WriteAsync(Serialize(record));
            }

            _stream.Flush(flushToDisk: true);
        }
        catch
        {
            TryTruncate(length);
            throw;
        }

        LineCount += records.Count;
    }

    public string WriteSnapshot<T>(IEnumerable<T> records, out long lineCount)
    {
        var temp = FilePath + ".tmp";
        lineCount = 0;
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, ReadBufferSize))
        {
            foreach (var record in records)
            {
                file.Write(Serialize(record));
                lineCount++;
            }

            file.Flush(flushToDisk: true);
        }

        return temp;
    }

    public void CommitSnapshot(string temp, long lineCount)
    {
        _stream.Dispose();
        File.Move(temp, FilePath, overwrite: true);
        _stream = OpenForAppend(FilePath);
        LineCount = lineCount;
    }

    public void Dispose() => _stream.Dispose();

    private static byte[] Serialize<T>(T record)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(record, StoreJson.Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private static FileStream OpenForAppend(string path)
    {
        var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
        });
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    private void TryTruncate(long length)
    {
        try
        {
            _stream.SetLength(length);
            _stream.Seek(0, SeekOrigin.End);
        }
        catch (IOException)
        {
        }
    }

    private static (long ValidLength, long Lines) ReadRecords<T>(string path, Action<T, long> onRecord, ILogger logger)
    {
        var name = Path.GetFileName(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var buffer = new byte[ReadBufferSize];
        var filled = 0;
        long bufferOffset = 0;
        long validLength = 0;
        long lineNumber = 0;

        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var start = 0;
            int newline;
            while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
            {
                lineNumber++;
                var line = buffer.AsSpan(start, newline);
                if (!line.Trim(" \t\r"u8).IsEmpty)
                {
                    if (TryDeserialize<T>(line) is { } record)
                    {
                        onRecord(record, lineNumber);
                    }
                    else
                    {
                        logger.LogWarning("{File}: line {Line} is not a valid record and was skipped", name, lineNumber);
                    }
                }

                start += newline + 1;
                validLength = bufferOffset + start;
            }

            buffer.AsSpan(start, filled - start).CopyTo(buffer);
            bufferOffset += start;
            filled -= start;
        }

        return (validLength, lineNumber);
    }

    private static T? TryDeserialize<T>(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, StoreJson.Options);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode? mode = null)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
