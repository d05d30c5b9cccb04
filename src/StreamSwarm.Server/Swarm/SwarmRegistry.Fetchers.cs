namespace StreamSwarm.Server.Swarm;

/// <summary>The origin fetchers of each part (docs/signalling.md, "Origin fetchers").</summary>
public sealed partial class SwarmRegistry
{
    /// <summary>
    /// The peers of <paramref name="stream"/> that fetch part <paramref name="msn"/>/<paramref name="part"/>
    /// of <paramref name="rendition"/> from the origin for the whole swarm, best first; null when no
    /// peer qualifies. Candidates are the peers whose latest report names the rendition (every peer
    /// when no peer of the stream named any, as with old clients), never a shunned one. Of n
    /// candidates the <c>clamp(ceil(n / ViewersPerFetcher), 1, 8)</c> with the highest
    /// <see cref="FetcherScore"/> are chosen: deterministic, and each peer's share of the parts is
    /// proportional to its upload. Runs for every ingested part: one pass, no allocation but the result.
    /// Always null with <c>ViewersPerFetcher</c> 0 (assignment off).
    /// </summary>
    public string[]? ChooseFetchers(string stream, string rendition, long msn, int part)
    {
        if (_options.ViewersPerFetcher == 0)
        {
            return null; // assignment off: viewers elect within their neighbourhoods
        }

        lock (_gate)
        {
            if (!_byStream.TryGetValue(stream, out var members))
            {
                return null;
            }

            var onRendition = 0;
            var unshunned = 0;
            var named = false;
            foreach (var p in members)
            {
                named |= p.Rendition is not null;
                if (!IsShunned(p))
                {
                    unshunned++;
                    onRendition += p.Rendition == rendition ? 1 : 0;
                }
            }

            var anyRendition = !named;
            var n = anyRendition ? unshunned : onRendition;
            if (n == 0)
            {
                return null;
            }

            var k = Math.Clamp((n + _options.ViewersPerFetcher - 1) / _options.ViewersPerFetcher, 1, SwarmOptions.MaxFetchersPerPart);
            Span<double> scores = stackalloc double[SwarmOptions.MaxFetchersPerPart];
            var chosen = new string[k];
            var filled = 0;
            foreach (var p in members)
            {
                if ((!anyRendition && p.Rendition != rendition) || IsShunned(p))
                {
                    continue;
                }

                var score = FetcherScore.Of(p.PeerId, rendition, msn, part, p.UploadKbps);
                var at = filled;
                while (at > 0 && Ranks(score, p.PeerId, scores[at - 1], chosen[at - 1]))
                {
                    at--;
                }

                if (at >= k)
                {
                    continue;
                }

                for (var i = Math.Min(filled, k - 1); i > at; i--)
                {
                    scores[i] = scores[i - 1];
                    chosen[i] = chosen[i - 1];
                }

                scores[at] = score;
                chosen[at] = p.PeerId;
                filled = Math.Min(filled + 1, k);
            }

            return chosen;
        }
    }

    /// <summary>Higher score first; equal scores go to the lexically smaller peer id, as in the viewers' election.</summary>
    private static bool Ranks(double score, string peerId, double otherScore, string otherPeerId) =>
        score > otherScore || (score == otherScore && string.CompareOrdinal(peerId, otherPeerId) < 0);

    private bool IsShunned(SwarmPeer p) => p.ReportedBy.Count >= _options.BadPeerReportsToShun;
}
