using System.Globalization;
using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Server.Hls;
using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Tests.Hls;

/// <summary>The LL-HLS rules of RFC 8216bis checked on playlists written from a window filled by hand.</summary>
public class MediaPlaylistWriterTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly WindowStore _store = new(Options.Create(new WindowOptions { PlaylistSegments = 3, RetainBeyondPlaylistSeconds = 4 }), TimeProvider.System);

    [Fact]
    public void LiveOpenSegment_HasPartsTagsServerControlAndPreloadHint()
    {
        var (w, r) = Live(segments: 2, partsInOpen: 2);

        var text = Write(w, r);

        Assert.StartsWith("#EXTM3U\n#EXT-X-VERSION:9\n", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-TARGETDURATION:2\n", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PART-INF:PART-TARGET=0.500\n", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500\n", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-MAP:URI=\"init.mp4\"\n", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PART:DURATION=0.50000,URI=\"2.0.m4s\",INDEPENDENT=YES\n", text, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PART:DURATION=0.50000,URI=\"2.1.m4s\"\n", text, StringComparison.Ordinal);
        Assert.EndsWith("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"2.2.m4s\"\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ENDLIST", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySegment_HasProgramDateTime_AndEveryExtinfRoundsToAtMostTheTargetDuration()
    {
        var (w, r) = Live(segments: 3, partsInOpen: 1);

        var lines = Write(w, r).Split('\n');
        var target = int.Parse(lines.First(l => l.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))[22..], CultureInfo.InvariantCulture);
        var extinfs = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).Select(l => double.Parse(l[8..^1], CultureInfo.InvariantCulture)).ToList();
        var pdts = lines.Where(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal)).Select(l => DateTimeOffset.Parse(l[25..], CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(3, extinfs.Count);
        Assert.All(extinfs, d => Assert.True(Math.Round(d) <= target));
        Assert.Equal(4, pdts.Count);
        Assert.Equal(pdts.OrderBy(p => p), pdts);
    }

    [Fact]
    public void PartHoldBack_IsAtLeastThreePartTargets_EvenWhenAPartRunsLong()
    {
        var (w, r) = Live(segments: 1, partsInOpen: 0);
        Append(w, r, 1, 0, 0.6, independent: true);

        var text = Write(w, r);

        Assert.Contains("PART-TARGET=0.600", text, StringComparison.Ordinal);
        Assert.Contains("PART-HOLD-BACK=1.800", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OldSegments_LeaveThePlaylist_AndMediaSequenceFollowsTheFirstListed()
    {
        var (w, r) = Live(segments: 8, partsInOpen: 1);

        var text = Write(w, r);

        // PlaylistSegments = 3 complete segments are listed: 5, 6, 7, then the open segment 8.
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:5\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n4.m4s\n", text, StringComparison.Ordinal);
        Assert.Contains("\n7.m4s\n", text, StringComparison.Ordinal);
        // Retention: 4 s beyond the playlist are kept (segments 3 and 4), older ones are gone.
        Assert.Null(w.Read(_ => r.Find(2)));
        Assert.NotNull(w.Read(_ => r.Find(3)));
    }

    [Fact]
    public void Parts_AreListedOnlyForTheLastThreeTargetDurations()
    {
        var (w, r) = Live(segments: 6, partsInOpen: 1);

        var text = Write(w, r);

        Assert.DoesNotContain("URI=\"3.0.m4s\"", text, StringComparison.Ordinal);
        Assert.Contains("URI=\"4.0.m4s\"", text, StringComparison.Ordinal);
        Assert.Contains("URI=\"6.0.m4s\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EndedStream_HasEndlist_NoPreloadHint_NoServerControl_AndTheOpenSegmentClosed()
    {
        var (w, r) = Live(segments: 2, partsInOpen: 3);
        _store.EndSession(w);

        var text = Write(w, r);

        Assert.EndsWith("#EXT-X-ENDLIST\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRELOAD-HINT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CAN-BLOCK-RELOAD", text, StringComparison.Ordinal);
        Assert.Contains("#EXTINF:1.50000,\n2.m4s\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscontinuityFlag_IsWrittenBeforeTheSegment()
    {
        var (w, r) = Live(segments: 1, partsInOpen: 0);
        Append(w, r, 1, 0, 0.5, independent: true, discontinuity: true);

        Assert.Contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME", Write(w, r), StringComparison.Ordinal);
    }

    [Fact]
    public void Append_RefusesGapsReordersAndNonKeyframeSegmentStarts_AndAcceptsAnIdenticalRetry()
    {
        var (w, r) = Live(segments: 1, partsInOpen: 2);

        Assert.Equal(PartAppendResult.Duplicate, Append(w, r, 1, 1, 0.5, independent: false));
        Assert.Equal(PartAppendResult.Conflict, Append(w, r, 1, 1, 0.5, independent: false, salt: 9));
        Assert.Equal(PartAppendResult.Conflict, Append(w, r, 1, 3, 0.5, independent: false));
        Assert.Equal(PartAppendResult.Conflict, Append(w, r, 0, 0, 0.5, independent: true));
        Assert.Equal(PartAppendResult.Conflict, Append(w, r, 2, 0, 0.5, independent: false));
        Assert.Equal(PartAppendResult.Stored, Append(w, r, 2, 0, 0.5, independent: true));
    }

    [Fact]
    public void MasterPlaylist_ListsRenditionsWithBandwidthResolutionCodecsAndFrameRate()
    {
        var (w, _) = Live(segments: 1, partsInOpen: 0);

        var text = w.Read(MasterPlaylistWriter.Write);

        Assert.Equal("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=320x180,FRAME-RATE=30.000\nmain/index.m3u8\n", text);
    }

    private (StreamWindow Window, RenditionWindow Rendition) Live(int segments, int partsInOpen)
    {
        var w = _store.StartSession("demo-" + Guid.NewGuid().ToString("N")[..8], [new RenditionSpec("main", 800_000, 320, 180, 30)], 2.0, 0.5, TimeSpan.FromSeconds(10))!;
        var r = w.Renditions[0];
        _store.SetInit(w, r, [1, 2, 3], new InitSegmentInfo(
        [
            new TrackInfo(1, TrackKind.Video, 90000, "avc1.64001f", 320, 180, 0, 0, 0, 0),
            new TrackInfo(2, TrackKind.Audio, 48000, "mp4a.40.2", 0, 0, 2, 48000, 0, 0),
        ]));
        for (var s = 0; s < segments; s++)
        {
            for (var p = 0; p < 4; p++)
            {
                Assert.Equal(PartAppendResult.Stored, Append(w, r, s, p, 0.5, independent: p == 0));
            }
        }

        for (var p = 0; p < partsInOpen; p++)
        {
            Assert.Equal(PartAppendResult.Stored, Append(w, r, segments, p, 0.5, independent: p == 0));
        }

        return (w, r);
    }

    private PartAppendResult Append(StreamWindow w, RenditionWindow r, long msn, int part, double duration, bool independent, bool discontinuity = false, byte salt = 0)
    {
        var bytes = new byte[] { (byte)msn, (byte)part, salt, 4, 5, 6, 7, 8 };
        var pdt = Epoch.AddSeconds((msn * 2) + (part * 0.5));
        return _store.AppendPart(w, r, msn, new StoredPart(part, duration, independent, pdt, bytes, ContentHash.Of(bytes)), discontinuity, out _);
    }

    private static string Write(StreamWindow w, RenditionWindow r) => w.Read(x => MediaPlaylistWriter.Write(x, r, playlistSegments: 3));
}
