using System.Globalization;

namespace StreamSwarm.Media.Fmp4;

/// <summary>The first sample entry of an 'stsd' box, reduced to what HLS needs.</summary>
internal readonly record struct SampleEntry(string Codec, int Width, int Height, int ChannelCount, int SampleRate)
{
    // SampleEntry (§8.5.2): reserved(6) data_reference_index(2); VisualSampleEntry adds 70 bytes
    // (pre_defined/reserved 16, width 2, height 2, resolutions 8, reserved 4, frame_count 2,
    // compressorname 32, depth 2, pre_defined 2) before its child boxes.
    private const int VisualSampleEntrySize = 78;
    private const int AudioSampleEntrySize = 28;

    public static SampleEntry ParseStsd(ReadOnlySpan<byte> stsd)
    {
        var r = new FieldReader(stsd, FourCC.Stsd);
        r.ReadFullBoxHeader();
        var count = r.ReadUInt32();
        if (count == 0)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'stsd' has no sample entry.");
        }

        if (count > (uint)(r.Remaining / 8))
        {
            Fmp4Throw.Format(Fmp4Error.CountTooLarge, $"'stsd' claims {count} entries in {r.Remaining} bytes.");
        }

        var entries = new BoxIterator(r.Rest, 6);
        entries.MoveNext(out var header, out var payload);
        return header.Type switch
        {
            FourCC.Avc1 or FourCC.Avc3 => ParseAvc(header.Type, payload),
            FourCC.Mp4a => ParseMp4a(payload),
            _ => new SampleEntry(header.TypeName, 0, 0, 0, 0),
        };
    }

    private static SampleEntry ParseAvc(uint type, ReadOnlySpan<byte> payload)
    {
        var r = new FieldReader(payload, type);
        r.Skip(24);
        int width = r.ReadUInt16();
        int height = r.ReadUInt16();
        r.Skip(VisualSampleEntrySize - 28);
        if (!BoxIterator.TryFind(r.Rest, 7, FourCC.AvcC, out var avcC))
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "An H.264 sample entry has no 'avcC'.");
        }

        // AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1): configurationVersion,
        // AVCProfileIndication, profile_compatibility, AVCLevelIndication -> RFC 6381 "avc1.PPCCLL".
        var c = new FieldReader(avcC, FourCC.AvcC);
        c.ReadByte();
        var profile = c.ReadByte();
        var compat = c.ReadByte();
        var level = c.ReadByte();
        var codec = string.Create(CultureInfo.InvariantCulture, $"{FourCC.ToString(type)}.{profile:x2}{compat:x2}{level:x2}");
        return new SampleEntry(codec, width, height, 0, 0);
    }

    private static SampleEntry ParseMp4a(ReadOnlySpan<byte> payload)
    {
        var r = new FieldReader(payload, FourCC.Mp4a);
        r.Skip(8);
        var soundVersion = r.ReadUInt16();
        r.Skip(6);
        int channels = r.ReadUInt16();
        r.Skip(6);
        var sampleRate = (int)(r.ReadUInt32() >> 16);

        // QuickTime sound description v1 and v2 carry 16 and 36 more bytes before the child boxes.
        r.Skip(soundVersion switch
        {
            0 => 0,
            1 => 16,
            2 => 36,
            _ => ThrowSoundVersion(soundVersion),
        });

        if (!BoxIterator.TryFind(r.Rest, 7, FourCC.Esds, out var esds))
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "An 'mp4a' sample entry has no 'esds'.");
        }

        return new SampleEntry(EsDescriptor.ParseCodec(esds), 0, 0, channels, sampleRate);
    }

    private static int ThrowSoundVersion(ushort version)
    {
        Fmp4Throw.Format(Fmp4Error.UnsupportedVersion, $"'mp4a' sound description version {version} is not supported.");
        return 0;
    }
}
