namespace StreamSwarm.Server.Hosting;

/// <summary>
/// Ingest limits (configuration section <c>StreamSwarm:Ingest</c>). Every default is stated here
/// and nowhere else.
/// </summary>
public sealed class IngestOptions
{
    public const string Section = "StreamSwarm:Ingest";

    /// <summary>Largest accepted part body. Default 8 MiB (docs/ingest.md).</summary>
    public int MaxPartBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest accepted init segment. Default 1 MiB (docs/ingest.md).</summary>
    public int MaxInitBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted session request JSON. Default 64 KiB.</summary>
    public int MaxSessionRequestBytes { get; set; } = 64 * 1024;

    /// <summary>A session with no upload for this long is ended by the server. Default 10 s.</summary>
    public double SessionIdleTimeoutSeconds { get; set; } = 10;
}

/// <summary>In-memory window sizes and memory budgets (section <c>StreamSwarm:Window</c>).</summary>
public sealed class WindowOptions
{
    public const string Section = "StreamSwarm:Window";

    /// <summary>Complete segments listed in a media playlist. Default 6.</summary>
    public int PlaylistSegments { get; set; } = 6;

    /// <summary>Media kept beyond what the playlist lists, for late readers and peers. Default 12 s.</summary>
    public double RetainBeyondPlaylistSeconds { get; set; } = 12;

    /// <summary>Memory budget of one stream (all renditions, init included). Default 256 MiB.</summary>
    public long StreamBudgetBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Memory budget of all streams together. Default 1 GiB.</summary>
    public long GlobalBudgetBytes { get; set; } = 1024L * 1024 * 1024;
}

/// <summary>LL-HLS origin behaviour (section <c>StreamSwarm:Origin</c>).</summary>
public sealed class OriginOptions
{
    public const string Section = "StreamSwarm:Origin";

    /// <summary>
    /// A blocking playlist or preload-hint request waits at most this many target durations, then
    /// gets 503. Default 3 (RFC 8216bis §6.2.5.2 suggests three target durations).
    /// </summary>
    public double BlockingTargetDurations { get; set; } = 3;

    /// <summary><c>max-age</c> of init, segments and parts. Default 60 s: URLs are reused by the next session.</summary>
    public int MediaMaxAgeSeconds { get; set; } = 60;
}

/// <summary>Stream keys (section <c>StreamSwarm</c>: <c>Keys:N:Stream</c>, <c>Keys:N:Sha256</c> or <c>Keys:N:Key</c>, <c>KeysFile</c>).</summary>
public sealed class KeysOptions
{
    public const string Section = "StreamSwarm";

    /// <summary>Default keys file name, resolved against the content root.</summary>
    public const string DefaultKeysFile = "streamswarm-keys.json";

    /// <summary>Keys given in configuration. Default none.</summary>
    public IList<ConfiguredKey> Keys { get; } = [];

    /// <summary>Keys file written by <c>keys create</c>; relative paths are against the content root. Default <see cref="DefaultKeysFile"/>.</summary>
    public string KeysFile { get; set; } = DefaultKeysFile;

    /// <summary>
    /// Bearer token of the keys admin API (<c>/api/admin/keys</c>, docs/admin.md); at least
    /// <see cref="MinAdminTokenLength"/> characters. Default null: the admin API is off.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>Shortest admin token accepted: 16 characters keep guessing out of reach of any rate.</summary>
    public const int MinAdminTokenLength = 16;
}

/// <summary>One key from configuration: the stream it authorises and either its SHA-256 (hex) or the key itself.</summary>
public sealed class ConfiguredKey
{
    public string? Stream { get; set; }

    public string? Sha256 { get; set; }

    public string? Key { get; set; }
}
