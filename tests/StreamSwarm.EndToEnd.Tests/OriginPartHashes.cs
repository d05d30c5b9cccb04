using System.Security.Cryptography;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// Follows the first rendition's media playlist and records the SHA-256 of every part and segment
/// the origin publishes while it runs: the set of bytes a player may legitimately be given.
/// </summary>
public sealed class OriginPartHashes : IAsyncDisposable
{
    private readonly HashSet<string> _hashes = new(StringComparer.Ordinal);
    private readonly HashSet<Uri> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _nextRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failedFetches;

    public OriginPartHashes(LiveRig rig, HttpClient http)
    {
        _loop = Task.Run(() => FollowAsync(rig, http, _stop.Token));
    }

    /// <summary>Completes once everything listed at the start is hashed.</summary>
    public Task FirstRound => _firstRound.Task;

    /// <summary>Fetches of listed parts that failed, each retried while the part stays listed.</summary>
    public int FailedFetches => Volatile.Read(ref _failedFetches);

    /// <summary>
    /// Completes when a round that started after this call has hashed everything it listed: a
    /// player may append the newest part before the follower's next round has seen it.
    /// </summary>
    public async Task CatchUpAsync(TimeSpan timeout)
    {
        using var within = new CancellationTokenSource(timeout);
        for (var i = 0; i < 2; i++)
        {
            Task round;
            lock (_hashes)
            {
                round = _nextRound.Task;
            }

            await round.WaitAsync(within.Token);
        }
    }

    public bool Contains(string sha256Hex)
    {
        lock (_hashes)
        {
            return _hashes.Contains(sha256Hex);
        }
    }

    public int Count
    {
        get
        {
            lock (_hashes)
            {
                return _hashes.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
    }

    private async Task FollowAsync(LiveRig rig, HttpClient http, CancellationToken cancellationToken)
    {
        var playlist = await rig.FirstMediaPlaylistUriAsync(http);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var text = await http.GetStringAsync(playlist, cancellationToken);
                foreach (var uri in MediaUris(text, playlist))
                {
                    if (_seen.Contains(uri))
                    {
                        continue;
                    }

                    try
                    {
                        var bytes = await http.GetByteArrayAsync(uri, cancellationToken);
                        var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
                        lock (_hashes)
                        {
                            _hashes.Add(hex);
                        }

                        _seen.Add(uri);
                    }
                    catch (HttpRequestException)
                    {
                        // not marked seen: fetched again next round while it stays listed
                        Interlocked.Increment(ref _failedFetches);
                    }
                }
            }
            catch (HttpRequestException)
            {
                // the playlist itself failed (a busy machine); the next round goes on
            }

            _firstRound.TrySetResult();
            lock (_hashes)
            {
                _nextRound.TrySetResult();
                _nextRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await Task.Delay(400, cancellationToken);
        }
    }

    /// <summary>Segment lines and <c>#EXT-X-PART</c> URIs (not preload hints: those are not published yet).</summary>
    private static IEnumerable<Uri> MediaUris(string playlist, Uri baseUri)
    {
        foreach (var raw in playlist.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-PART:", StringComparison.Ordinal))
            {
                var start = line.IndexOf("URI=\"", StringComparison.Ordinal);
                if (start >= 0)
                {
                    start += 5;
                    var end = line.IndexOf('"', start);
                    yield return new Uri(baseUri, line[start..end]);
                }
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return new Uri(baseUri, line);
            }
        }
    }
}
