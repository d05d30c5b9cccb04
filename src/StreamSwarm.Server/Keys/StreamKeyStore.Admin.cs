namespace StreamSwarm.Server.Keys;

/// <summary>Changes to the keys file made through the server (the admin API), seen at once by this store.</summary>
public sealed partial class StreamKeyStore
{
    private readonly Lock _writeGate = new();

    /// <summary>One key as the admin API lists it: never the key, never its hash.</summary>
    /// <param name="Source"><c>file</c> (made by <c>keys create</c> or the admin API, revocable) or <c>config</c> (server configuration).</param>
    public sealed record KeyListing(string Stream, DateTimeOffset? Created, string Source);

    /// <summary>What <see cref="CreateKey"/> made: the key (shown once) and whether it replaced the stream's previous one.</summary>
    public sealed record CreatedKey(string Stream, string Key, DateTimeOffset Created, bool Replaced);

    /// <summary>Every key: those of the file, then those of configuration, by stream name.</summary>
    public IReadOnlyList<KeyListing> List()
    {
        var list = new List<KeyListing>();
        foreach (var entry in KeysFile.Load(FilePath))
        {
            list.Add(new KeyListing(entry.Stream, entry.Created, "file"));
        }

        foreach (var (stream, hashes) in _configured)
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                list.Add(new KeyListing(stream, null, "config"));
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Stream, b.Stream) is var c and not 0 ? c : string.CompareOrdinal(a.Source, b.Source));
        return list;
    }

    /// <summary>Makes a new key for <paramref name="stream"/> in the keys file, replacing the one it had there.</summary>
    /// <exception cref="KeysFileException">The keys file is broken.</exception>
    /// <exception cref="IOException">The keys file cannot be written.</exception>
    public CreatedKey CreateKey(string stream, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var key = StreamKey.Create();
        var created = time.GetUtcNow();
        bool replaced;
        lock (_writeGate)
        {
            var entries = KeysFile.Load(FilePath);
            replaced = entries.Any(e => e.Stream == stream);
            var kept = entries.Where(e => e.Stream != stream).ToList();
            kept.Add(new KeysFileEntry(stream, StreamKey.HashHex(key), created));
            KeysFile.Save(FilePath, kept);
            ReloadFile();
        }

        return new CreatedKey(stream, key, created, replaced);
    }

    /// <summary>Removes the keys file's key of <paramref name="stream"/>; false when it had none. Effective for the next upload.</summary>
    public bool Revoke(string stream)
    {
        lock (_writeGate)
        {
            var entries = KeysFile.Load(FilePath);
            var kept = entries.Where(e => e.Stream != stream).ToList();
            if (kept.Count == entries.Count)
            {
                return false;
            }

            KeysFile.Save(FilePath, kept);
            // Not left to the file watcher: a revoked key must stop working now, not a moment later.
            ReloadFile();
            return true;
        }
    }

    /// <summary>True when configuration (not the file) holds a key for <paramref name="stream"/>.</summary>
    public bool HasConfiguredKey(string stream) => _configured.ContainsKey(stream);
}
