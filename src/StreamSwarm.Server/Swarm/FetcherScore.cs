using System.Globalization;

namespace StreamSwarm.Server.Swarm;

/// <summary>
/// The weighted rendezvous score (highest random weight) of a peer for one part: <c>w / -ln(u)</c>
/// with <c>w</c> the peer's upload kbit/s and <c>u</c> uniform in (0, 1) from a 32-bit hash of
/// <c>peerId|rendition|msn|part</c>. The peer with the highest score is the first fetcher with
/// probability <c>w / Σw</c>, and a peer joining or leaving moves only the parts it wins or loses.
/// The hash is the one of <c>web/src/core/origin-election.ts</c> (FNV-1a over UTF-16 code units,
/// murmur3 finaliser), so the hub and the viewers' own election rank peers alike.
/// </summary>
public static class FetcherScore
{
    public static double Of(string peerId, string rendition, long msn, int part, long uploadKbps)
    {
        var u = (Hash32(peerId, rendition, msn, part) + 0.5) / 4294967296.0;
        return Math.Max(uploadKbps, 1) / -Math.Log(u);
    }

    /// <summary>The 32-bit hash of <c>peerId|rendition|msn|part</c>, without building the string.</summary>
    public static uint Hash32(string peerId, string rendition, long msn, int part)
    {
        Span<char> number = stackalloc char[20];
        var h = 0x811c9dc5u;
        h = Mix(h, peerId);
        h = Mix(h, "|");
        h = Mix(h, rendition);
        h = Mix(h, "|");
        msn.TryFormat(number, out var written, provider: CultureInfo.InvariantCulture);
        h = Mix(h, number[..written]);
        h = Mix(h, "|");
        part.TryFormat(number, out written, provider: CultureInfo.InvariantCulture);
        h = Mix(h, number[..written]);
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }

    private static uint Mix(uint h, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            h ^= c;
            h *= 0x01000193;
        }

        return h;
    }
}
