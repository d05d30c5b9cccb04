using System.Diagnostics.CodeAnalysis;

namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// Upload checks for the ingest server (docs/ingest.md). Both methods report instead of throwing:
/// the problem's <see cref="Fmp4FormatException.Error"/> and message are fit for a 400 <c>detail</c>.
/// </summary>
public static class Fmp4Validator
{
    /// <summary>An init upload: exactly 'ftyp' + 'moov' with at least one H.264 or AAC track.</summary>
    public static bool TryValidateInit(ReadOnlySpan<byte> data, [NotNullWhen(true)] out InitSegmentInfo? info, [NotNullWhen(false)] out Fmp4FormatException? problem)
    {
        if (!InitSegmentParser.TryParse(data, out info, out problem))
        {
            return false;
        }

        for (var i = 0; i < info.Tracks.Count; i++)
        {
            if (info.Tracks[i].IsPlayable)
            {
                return true;
            }
        }

        problem = new Fmp4FormatException(Fmp4Error.UnsupportedCodec, "The init segment has no H.264 (avc1/avc3) or AAC (mp4a.40) track.");
        info = null;
        return false;
    }

    /// <summary>
    /// A part upload: an optional leading 'styp', then one or more 'moof' + 'mdat' pairs and nothing else.
    /// Every box must be complete, every 'moof' parseable, and its samples must fit the following 'mdat'.
    /// </summary>
    /// <param name="data">The upload body.</param>
    /// <param name="init">The rendition's init segment, for track ids and 'trex' defaults; null to skip those checks.</param>
    /// <param name="fragments">On success, the parsed fragments in order.</param>
    /// <param name="problem">On failure, what is wrong.</param>
    public static bool TryValidatePart(ReadOnlySpan<byte> data, InitSegmentInfo? init, [NotNullWhen(true)] out IReadOnlyList<FragmentInfo>? fragments, [NotNullWhen(false)] out Fmp4FormatException? problem)
    {
        try
        {
            fragments = ValidatePart(data, init);
            problem = null;
            return true;
        }
        catch (Fmp4FormatException ex)
        {
            fragments = null;
            problem = ex;
            return false;
        }
    }

    private static List<FragmentInfo> ValidatePart(ReadOnlySpan<byte> data, InitSegmentInfo? init)
    {
        var fragments = new List<FragmentInfo>(1);
        var it = new BoxIterator(data, 0);
        var index = 0;
        FragmentInfo? pending = null;
        while (it.MoveNext(out var header, out var payload))
        {
            var start = it.CurrentOffset;
            switch (header.Type)
            {
                case FourCC.Styp when index == 0:
                    break;
                case FourCC.Moof when pending is null:
                    pending = FragmentParser.Parse(data.Slice(start, (int)header.Size), init);
                    break;
                case FourCC.Mdat when pending is not null:
                    CheckSamplesFit(pending, payload.Length);
                    fragments.Add(pending);
                    pending = null;
                    break;
                default:
                    Fmp4Throw.Format(Fmp4Error.UnexpectedBox, pending is null
                        ? $"A part is [styp] then moof+mdat pairs; found '{header.TypeName}' at offset {start}."
                        : $"A 'moof' must be followed by its 'mdat'; found '{header.TypeName}' at offset {start}.");
                    break;
            }

            index++;
        }

        if (pending is not null)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "The last 'moof' has no 'mdat'.");
        }

        if (fragments.Count == 0)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "A part holds at least one 'moof' + 'mdat' pair.");
        }

        return fragments;
    }

    private static void CheckSamplesFit(FragmentInfo fragment, long mdatPayload)
    {
        long total = 0;
        for (var i = 0; i < fragment.Tracks.Count; i++)
        {
            total += fragment.Tracks[i].SampleBytes;
        }

        if (total > mdatPayload)
        {
            Fmp4Throw.Format(Fmp4Error.SizePastEnd, $"The fragment's samples take {total} bytes; its 'mdat' holds {mdatPayload}.");
        }
    }
}
