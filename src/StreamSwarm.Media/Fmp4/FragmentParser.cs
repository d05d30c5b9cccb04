using System.Diagnostics.CodeAnalysis;

namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// Parses a movie fragment box ('moof', ISO/IEC 14496-12 §8.8.4) into <see cref="FragmentInfo"/>.
/// Sample durations and flags fall back from 'trun' to 'tfhd' defaults to the init segment's 'trex'.
/// </summary>
public static class FragmentParser
{
    /// <summary>Most 'traf' boxes in one fragment.</summary>
    public const int MaxTracks = InitSegmentParser.MaxTracks;

    // tfhd flags (§8.8.7.1).
    private const uint TfhdBaseDataOffset = 0x000001;
    private const uint TfhdSampleDescriptionIndex = 0x000002;
    private const uint TfhdDefaultDuration = 0x000008;
    private const uint TfhdDefaultSize = 0x000010;
    private const uint TfhdDefaultFlags = 0x000020;

    // trun flags (§8.8.8.1).
    private const uint TrunDataOffset = 0x000001;
    private const uint TrunFirstSampleFlags = 0x000004;
    private const uint TrunSampleDuration = 0x000100;
    private const uint TrunSampleSize = 0x000200;
    private const uint TrunSampleFlags = 0x000400;
    private const uint TrunSampleCompositionOffset = 0x000800;

    // sample_is_non_sync_sample in the sample flags word (§8.8.3.1).
    private const uint SampleIsNonSync = 0x0001_0000;

    /// <summary>Parses a whole 'moof' box (header included).</summary>
    /// <param name="moofBox">The complete 'moof' box.</param>
    /// <param name="init">The stream's init segment, for 'trex' defaults; null when not known.</param>
    /// <exception cref="Fmp4FormatException">Malformed fragment.</exception>
    public static FragmentInfo Parse(ReadOnlySpan<byte> moofBox, InitSegmentInfo? init)
    {
        if (!BoxHeader.TryRead(moofBox, out var header, out var error))
        {
            Fmp4Throw.Format(error == Fmp4Error.None ? Fmp4Error.Truncated : error, "Bad 'moof' header.");
        }

        if (header.Type != FourCC.Moof)
        {
            Fmp4Throw.Format(Fmp4Error.UnexpectedBox, $"Expected 'moof', found '{header.TypeName}'.");
        }

        if (header.Size != moofBox.Length)
        {
            Fmp4Throw.Format(Fmp4Error.SizePastEnd, $"'moof' claims {header.Size} bytes, {moofBox.Length} given.");
        }

        return ParsePayload(moofBox[header.HeaderSize..], init);
    }

    public static bool TryParse(ReadOnlySpan<byte> moofBox, InitSegmentInfo? init, [NotNullWhen(true)] out FragmentInfo? fragment, [NotNullWhen(false)] out Fmp4FormatException? problem)
    {
        try
        {
            fragment = Parse(moofBox, init);
            problem = null;
            return true;
        }
        catch (Fmp4FormatException ex)
        {
            fragment = null;
            problem = ex;
            return false;
        }
    }

    private static FragmentInfo ParsePayload(ReadOnlySpan<byte> moof, InitSegmentInfo? init)
    {
        BoxIterator.ValidateTree(moof, 1);
        uint sequence = 0;
        var haveMfhd = false;
        var tracks = new List<TrackFragmentInfo>(2);
        var it = new BoxIterator(moof, 1);
        while (it.MoveNext(out var header, out var payload))
        {
            if (header.Type == FourCC.Mfhd)
            {
                var r = new FieldReader(payload, FourCC.Mfhd);
                r.ReadFullBoxHeader();
                sequence = r.ReadUInt32();
                haveMfhd = true;
            }
            else if (header.Type == FourCC.Traf)
            {
                if (tracks.Count == MaxTracks)
                {
                    Fmp4Throw.Format(Fmp4Error.CountTooLarge, $"More than {MaxTracks} 'traf' boxes.");
                }

                tracks.Add(ParseTraf(payload, init));
            }
        }

        if (!haveMfhd)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'moof' has no 'mfhd'.");
        }

        if (tracks.Count == 0)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'moof' has no 'traf'.");
        }

        return new FragmentInfo(sequence, tracks);
    }

    private static TrackFragmentInfo ParseTraf(ReadOnlySpan<byte> traf, InitSegmentInfo? init)
    {
        var it = new BoxIterator(traf, 2);
        var haveTfhd = false;
        var haveTfdt = false;
        uint trackId = 0;
        uint defaultDuration = 0;
        uint defaultSize = 0;
        uint defaultFlags = 0;
        long baseDecodeTime = 0;
        long duration = 0;
        long bytes = 0;
        var samples = 0;
        var firstIsSync = false;
        while (it.MoveNext(out var header, out var payload))
        {
            switch (header.Type)
            {
                case FourCC.Tfhd:
                    {
                        var r = new FieldReader(payload, FourCC.Tfhd);
                        var (_, flags) = r.ReadFullBoxHeader();
                        trackId = r.ReadUInt32();
                        var track = init?.FindTrack(trackId);
                        if (init is not null && track is null)
                        {
                            Fmp4Throw.Format(Fmp4Error.InvalidValue, $"'tfhd' names track {trackId}, which the init segment does not have.");
                        }

                        defaultDuration = track?.DefaultSampleDuration ?? 0;
                        defaultFlags = track?.DefaultSampleFlags ?? 0;
                        if ((flags & TfhdBaseDataOffset) != 0)
                        {
                            r.ReadUInt64();
                        }

                        if ((flags & TfhdSampleDescriptionIndex) != 0)
                        {
                            r.ReadUInt32();
                        }

                        if ((flags & TfhdDefaultDuration) != 0)
                        {
                            defaultDuration = r.ReadUInt32();
                        }

                        if ((flags & TfhdDefaultSize) != 0)
                        {
                            defaultSize = r.ReadUInt32();
                        }

                        if ((flags & TfhdDefaultFlags) != 0)
                        {
                            defaultFlags = r.ReadUInt32();
                        }

                        haveTfhd = true;
                        break;
                    }

                case FourCC.Tfdt:
                    {
                        // tfdt (§8.8.12): version 1 has a 64-bit baseMediaDecodeTime, version 0 a 32-bit one.
                        var r = new FieldReader(payload, FourCC.Tfdt);
                        var (version, _) = r.ReadFullBoxHeader();
                        ulong time = version switch
                        {
                            0 => r.ReadUInt32(),
                            1 => r.ReadUInt64(),
                            _ => ThrowVersion(version),
                        };
                        if (time > long.MaxValue)
                        {
                            Fmp4Throw.Format(Fmp4Error.InvalidValue, "'tfdt' baseMediaDecodeTime does not fit 63 bits.");
                        }

                        baseDecodeTime = (long)time;
                        haveTfdt = true;
                        break;
                    }

                case FourCC.Trun:
                    if (!haveTfhd)
                    {
                        Fmp4Throw.Format(Fmp4Error.UnexpectedBox, "'trun' before 'tfhd'.");
                    }

                    ReadTrun(payload, defaultDuration, defaultSize, defaultFlags, samples == 0, ref samples, ref duration, ref bytes, ref firstIsSync);
                    break;
            }
        }

        if (!haveTfhd)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'traf' has no 'tfhd'.");
        }

        if (!haveTfdt)
        {
            // CMAF (ISO/IEC 23000-19 §7.5.16) requires tfdt: without it there is no timeline for PDT.
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'traf' has no 'tfdt'.");
        }

        return new TrackFragmentInfo(trackId, baseDecodeTime, duration, samples, samples > 0 && firstIsSync, bytes);
    }

    private static void ReadTrun(
        ReadOnlySpan<byte> payload,
        uint defaultDuration,
        uint defaultSize,
        uint defaultFlags,
        bool isFirstRun,
        ref int samples,
        ref long duration,
        ref long bytes,
        ref bool firstIsSync)
    {
        var r = new FieldReader(payload, FourCC.Trun);
        var (_, flags) = r.ReadFullBoxHeader();
        var count = r.ReadUInt32();
        if ((flags & TrunDataOffset) != 0)
        {
            r.ReadUInt32();
        }

        var firstFlags = defaultFlags;
        var haveFirstFlags = (flags & TrunFirstSampleFlags) != 0;
        if (haveFirstFlags)
        {
            firstFlags = r.ReadUInt32();
        }

        var perSample = 0;
        perSample += (flags & TrunSampleDuration) != 0 ? 4 : 0;
        perSample += (flags & TrunSampleSize) != 0 ? 4 : 0;
        perSample += (flags & TrunSampleFlags) != 0 ? 4 : 0;
        perSample += (flags & TrunSampleCompositionOffset) != 0 ? 4 : 0;
        var limit = perSample == 0 ? PartLimits.MaxSamplesPerRun : Math.Min(PartLimits.MaxSamplesPerRun, r.Remaining / perSample);
        if (count > (uint)limit)
        {
            Fmp4Throw.Format(Fmp4Error.CountTooLarge, $"'trun' claims {count} samples; its {r.Remaining} bytes hold at most {limit}.");
        }

        if (samples + (long)count > PartLimits.MaxSamplesPerRun)
        {
            Fmp4Throw.Format(Fmp4Error.CountTooLarge, $"A 'traf' has more than {PartLimits.MaxSamplesPerRun} samples.");
        }

        if (perSample == 0)
        {
            duration += (long)defaultDuration * count;
            bytes += (long)defaultSize * count;
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                duration += (flags & TrunSampleDuration) != 0 ? r.ReadUInt32() : defaultDuration;
                bytes += (flags & TrunSampleSize) != 0 ? r.ReadUInt32() : defaultSize;
                var sampleFlags = (flags & TrunSampleFlags) != 0 ? r.ReadUInt32() : defaultFlags;
                if ((flags & TrunSampleCompositionOffset) != 0)
                {
                    r.ReadUInt32();
                }

                if (i == 0 && !haveFirstFlags)
                {
                    firstFlags = sampleFlags;
                }
            }
        }

        if (isFirstRun && count > 0)
        {
            firstIsSync = (firstFlags & SampleIsNonSync) == 0;
        }

        samples += (int)count;
    }

    private static ulong ThrowVersion(byte version)
    {
        Fmp4Throw.Format(Fmp4Error.UnsupportedVersion, $"'tfdt' version {version} is not supported.");
        return 0;
    }
}

/// <summary>Sanity limits on fragment contents: far above real streams, low enough to bound work on hostile input.</summary>
internal static class PartLimits
{
    /// <summary>2 s of 1000 fps video or 48 kHz audio in 1024-sample frames is ~2,000; allow 1 M.</summary>
    public const int MaxSamplesPerRun = 1 << 20;
}
