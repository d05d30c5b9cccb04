using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// Parses an init segment (ISO/IEC 14496-12 'ftyp' + 'moov'; CMAF ISO/IEC 23000-19 §7.3) into
/// <see cref="InitSegmentInfo"/>: per track id, kind, timescale, RFC 6381 codec string, size, and the
/// 'trex' defaults fragments fall back on.
/// </summary>
public static class InitSegmentParser
{
    /// <summary>Most tracks accepted in one moov; an ABR rendition has one video and one audio.</summary>
    public const int MaxTracks = 16;

    /// <exception cref="Fmp4FormatException">Not a well-formed ftyp + moov.</exception>
    public static InitSegmentInfo Parse(ReadOnlySpan<byte> data)
    {
        var top = new BoxIterator(data, 0);
        if (!top.MoveNext(out var first, out _) || first.Type != FourCC.Ftyp)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "An init segment starts with an 'ftyp' box.");
        }

        if (!top.MoveNext(out var second, out var moov) || second.Type != FourCC.Moov)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "An init segment has a 'moov' box right after 'ftyp'.");
        }

        if (top.MoveNext(out var extra, out _))
        {
            Fmp4Throw.Format(Fmp4Error.UnexpectedBox, $"An init segment is 'ftyp' + 'moov' only; found '{extra.TypeName}' after them.");
        }

        return ParseMoov(moov);
    }

    /// <summary>Like <see cref="Parse"/> but reports the problem instead of throwing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out InitSegmentInfo? info, [NotNullWhen(false)] out Fmp4FormatException? problem)
    {
        try
        {
            info = Parse(data);
            problem = null;
            return true;
        }
        catch (Fmp4FormatException ex)
        {
            info = null;
            problem = ex;
            return false;
        }
    }

    /// <summary>Parses the payload of a 'moov' box.</summary>
    public static InitSegmentInfo ParseMoov(ReadOnlySpan<byte> moov)
    {
        BoxIterator.ValidateTree(moov, 1);
        var tracks = new List<TrackInfo>(2);
        Span<uint> trexIds = stackalloc uint[MaxTracks];
        Span<uint> trexDurations = stackalloc uint[MaxTracks];
        Span<uint> trexFlags = stackalloc uint[MaxTracks];
        var trexCount = 0;
        var it = new BoxIterator(moov, 1);
        while (it.MoveNext(out var header, out var payload))
        {
            if (header.Type == FourCC.Trak)
            {
                if (tracks.Count == MaxTracks)
                {
                    Fmp4Throw.Format(Fmp4Error.CountTooLarge, $"More than {MaxTracks} tracks.");
                }

                tracks.Add(ParseTrak(payload));
            }
            else if (header.Type == FourCC.Mvex)
            {
                var mvex = new BoxIterator(payload, 2);
                while (mvex.MoveNext(out var child, out var trex))
                {
                    if (child.Type != FourCC.Trex)
                    {
                        continue;
                    }

                    if (trexCount == MaxTracks)
                    {
                        Fmp4Throw.Format(Fmp4Error.CountTooLarge, $"More than {MaxTracks} 'trex' boxes.");
                    }

                    // trex: full box; track_ID, default_sample_description_index, default_sample_duration,
                    // default_sample_size, default_sample_flags (§8.8.3).
                    var r = new FieldReader(trex, FourCC.Trex);
                    r.ReadFullBoxHeader();
                    trexIds[trexCount] = r.ReadUInt32();
                    r.ReadUInt32();
                    trexDurations[trexCount] = r.ReadUInt32();
                    r.ReadUInt32();
                    trexFlags[trexCount] = r.ReadUInt32();
                    trexCount++;
                }
            }
        }

        if (tracks.Count == 0)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "The 'moov' box has no 'trak'.");
        }

        for (var i = 0; i < tracks.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (tracks[j].TrackId == tracks[i].TrackId)
                {
                    Fmp4Throw.Format(Fmp4Error.InvalidValue, $"Two tracks have id {tracks[i].TrackId}.");
                }
            }

            for (var k = 0; k < trexCount; k++)
            {
                if (trexIds[k] == tracks[i].TrackId)
                {
                    tracks[i] = tracks[i] with { DefaultSampleDuration = trexDurations[k], DefaultSampleFlags = trexFlags[k] };
                }
            }
        }

        return new InitSegmentInfo(tracks);
    }

    private static TrackInfo ParseTrak(ReadOnlySpan<byte> trak)
    {
        uint trackId = 0;
        var haveTkhd = false;
        var haveMdia = false;
        var track = default(TrackInfo);
        var it = new BoxIterator(trak, 2);
        while (it.MoveNext(out var header, out var payload))
        {
            if (header.Type == FourCC.Tkhd)
            {
                // tkhd v0: creation(32) modification(32) track_ID; v1: creation(64) modification(64) track_ID (§8.3.2).
                var r = new FieldReader(payload, FourCC.Tkhd);
                var (version, _) = r.ReadFullBoxHeader();
                r.Skip(version switch
                {
                    0 => 8,
                    1 => 16,
                    _ => ThrowVersion(FourCC.Tkhd, version),
                });
                trackId = r.ReadUInt32();
                haveTkhd = true;
            }
            else if (header.Type == FourCC.Mdia)
            {
                track = ParseMdia(payload);
                haveMdia = true;
            }
        }

        if (!haveTkhd || !haveMdia)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, haveTkhd ? "A 'trak' has no 'mdia'." : "A 'trak' has no 'tkhd'.");
        }

        if (trackId == 0)
        {
            Fmp4Throw.Format(Fmp4Error.InvalidValue, "Track id 0 is reserved.");
        }

        return track! with { TrackId = trackId };
    }

    private static TrackInfo ParseMdia(ReadOnlySpan<byte> mdia)
    {
        uint timescale = 0;
        uint handler = 0;
        var entry = default(SampleEntry);
        var haveEntry = false;
        var it = new BoxIterator(mdia, 3);
        while (it.MoveNext(out var header, out var payload))
        {
            switch (header.Type)
            {
                case FourCC.Mdhd:
                    {
                        // mdhd v0: creation(32) modification(32) timescale duration(32); v1: 64-bit times (§8.4.2).
                        var r = new FieldReader(payload, FourCC.Mdhd);
                        var (version, _) = r.ReadFullBoxHeader();
                        r.Skip(version switch
                        {
                            0 => 8,
                            1 => 16,
                            _ => ThrowVersion(FourCC.Mdhd, version),
                        });
                        timescale = r.ReadUInt32();
                        break;
                    }

                case FourCC.Hdlr:
                    {
                        // hdlr: full box; pre_defined(32); handler_type (§8.4.3).
                        var r = new FieldReader(payload, FourCC.Hdlr);
                        r.ReadFullBoxHeader();
                        r.ReadUInt32();
                        handler = r.ReadUInt32();
                        break;
                    }

                case FourCC.Minf:
                    if (BoxIterator.TryFind(payload, 4, FourCC.Stbl, out var stbl)
                        && BoxIterator.TryFind(stbl, 5, FourCC.Stsd, out var stsd))
                    {
                        entry = SampleEntry.ParseStsd(stsd);
                        haveEntry = true;
                    }

                    break;
            }
        }

        if (timescale == 0)
        {
            Fmp4Throw.Format(Fmp4Error.InvalidValue, "A track has no 'mdhd' or a zero timescale.");
        }

        if (!haveEntry)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "A track has no 'stsd' sample description.");
        }

        var kind = handler switch
        {
            FourCC.Vide => TrackKind.Video,
            FourCC.Soun => TrackKind.Audio,
            _ => TrackKind.Unknown,
        };
        return new TrackInfo(0, kind, timescale, entry.Codec, entry.Width, entry.Height, entry.ChannelCount, entry.SampleRate, 0, 0);
    }

    private static int ThrowVersion(uint box, byte version)
    {
        Fmp4Throw.Format(Fmp4Error.UnsupportedVersion, $"'{FourCC.ToString(box)}' version {version.ToString(CultureInfo.InvariantCulture)} is not supported.");
        return 0;
    }
}
