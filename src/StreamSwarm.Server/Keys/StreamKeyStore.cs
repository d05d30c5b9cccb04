using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Keys;

/// <summary>
/// Answers "may this key ingest into this stream". Keys come from configuration and from the keys
/// file; the file is reloaded when it changes (file watcher, and a cheap timestamp check before
/// refusing a key, in case a change notification was missed). Only SHA-256 digests are held and
/// they are compared in constant time.
/// </summary>
public sealed partial class StreamKeyStore : IDisposable
{
    private readonly ILogger<StreamKeyStore> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloadGate = new();
    private readonly IDisposable? _configChange;
    private volatile FrozenDictionary<string, byte[][]> _configured = FrozenDictionary<string, byte[][]>.Empty;
    private volatile FrozenDictionary<string, byte[][]> _fromFile = FrozenDictionary<string, byte[][]>.Empty;
    private DateTime _loadedWriteTime;
    private long _loadedLength = -1;

    public StreamKeyStore(IOptionsMonitor<KeysOptions> options, IHostEnvironment environment, ILogger<StreamKeyStore> logger)
    {
        _logger = logger;
        FilePath = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.KeysFile));
        LoadConfigured(options.CurrentValue);
        _configChange = options.OnChange(LoadConfigured);
        ReloadFile();

        var directory = Path.GetDirectoryName(FilePath)!;
        if (Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(FilePath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => ReloadFile();
            _watcher.Created += (_, _) => ReloadFile();
            _watcher.Deleted += (_, _) => ReloadFile();
            _watcher.Renamed += (_, _) => ReloadFile();
            _watcher.EnableRaisingEvents = true;
        }
        else
        {
            _logger.LogWarning("Keys file directory {Directory} does not exist; the keys file is not watched", directory);
        }
    }

    /// <summary>Absolute path of the keys file this store reads.</summary>
    public string FilePath { get; }

    public bool IsAuthorized(string stream, string? presentedKey)
    {
        if (string.IsNullOrEmpty(presentedKey))
        {
            return false;
        }

        var digest = StreamKey.Hash(presentedKey);
        if (Matches(_configured, stream, digest) || Matches(_fromFile, stream, digest))
        {
            return true;
        }

        // A key created a moment ago may not have been picked up by the watcher yet.
        // The watcher may have reloaded it between the check above and here, so match again
        // whether or not this call did the reload.
        ReloadFileIfChanged();
        return Matches(_fromFile, stream, digest);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _configChange?.Dispose();
    }

    private static bool Matches(FrozenDictionary<string, byte[][]> keys, string stream, byte[] digest)
    {
        if (!keys.TryGetValue(stream, out var hashes))
        {
            return false;
        }

        var found = false;
        foreach (var hash in hashes)
        {
            // No early exit: the time taken does not depend on which key matched.
            found |= CryptographicOperations.FixedTimeEquals(hash, digest);
        }

        return found;
    }

    private void LoadConfigured(KeysOptions options)
    {
        var map = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
        foreach (var key in options.Keys)
        {
            if (!MediaNames.IsValid(key.Stream))
            {
                continue;
            }

            byte[]? digest = null;
            if (!string.IsNullOrEmpty(key.Key))
            {
                digest = StreamKey.Hash(key.Key);
            }
            else if (ContentHash.TryParseHex(key.Sha256, out var parsed))
            {
                digest = parsed.Bytes.ToArray();
            }

            if (digest is not null)
            {
                Add(map, key.Stream!, digest);
            }
        }

        _configured = Freeze(map);
        _logger.LogInformation("Loaded {KeyCount} stream keys from configuration", options.Keys.Count);
    }

    private void ReloadFileIfChanged()
    {
        var info = new FileInfo(FilePath);
        var writeTime = info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue;
        var length = info.Exists ? info.Length : -1;
        lock (_reloadGate)
        {
            if (writeTime == _loadedWriteTime && length == _loadedLength)
            {
                return;
            }
        }

        ReloadFile();
    }

    private void ReloadFile()
    {
        lock (_reloadGate)
        {
            // Stat before reading: if the file is replaced in between, the next check sees a
            // newer timestamp and reloads, instead of trusting stale contents.
            var info = new FileInfo(FilePath);
            var writeTime = info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue;
            var length = info.Exists ? info.Length : -1;
            try
            {
                var entries = KeysFile.Load(FilePath);
                var map = new Dictionary<string, List<byte[]>>(StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    Add(map, entry.Stream, Convert.FromHexString(entry.Sha256));
                }

                _fromFile = Freeze(map);
                _loadedWriteTime = writeTime;
                _loadedLength = length;
                _logger.LogInformation("Loaded {KeyCount} stream keys from {KeysFile}", entries.Count, FilePath);
            }
            catch (Exception e) when (e is KeysFileException or IOException or UnauthorizedAccessException)
            {
                // Keep the keys we had: a broken edit must not lock every broadcaster out.
                _logger.LogError(e, "Could not load keys file {KeysFile}; keeping the previous keys", FilePath);
            }
        }
    }

    private static void Add(Dictionary<string, List<byte[]>> map, string stream, byte[] digest)
    {
        if (!map.TryGetValue(stream, out var list))
        {
            list = [];
            map[stream] = list;
        }

        list.Add(digest);
    }

    private static FrozenDictionary<string, byte[][]> Freeze(Dictionary<string, List<byte[]>> map) =>
        map.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
}
