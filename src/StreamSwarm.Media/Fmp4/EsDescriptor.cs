using System.Globalization;

namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// The 'esds' box (ISO/IEC 14496-14 §5.6): an ES_Descriptor (tag 3) holding a DecoderConfigDescriptor
/// (tag 4: objectTypeIndication) holding a DecoderSpecificInfo (tag 5: for AAC the AudioSpecificConfig,
/// whose first 5 bits are the audioObjectType). RFC 6381 names AAC as <c>mp4a.40.AOT</c>.
/// </summary>
internal static class EsDescriptor
{
    private const byte EsDescrTag = 3;
    private const byte DecoderConfigDescrTag = 4;
    private const byte DecSpecificInfoTag = 5;
    private const byte ObjectTypeAudioIso14496_3 = 0x40;

    public static string ParseCodec(ReadOnlySpan<byte> esds)
    {
        var r = new FieldReader(esds, FourCC.Esds);
        r.ReadFullBoxHeader();
        var es = ReadDescriptor(ref r, EsDescrTag);
        var e = new FieldReader(es, FourCC.Esds);
        e.ReadUInt16();
        var flags = e.ReadByte();
        if ((flags & 0x80) != 0)
        {
            e.ReadUInt16();
        }

        if ((flags & 0x40) != 0)
        {
            e.Skip(e.ReadByte());
        }

        if ((flags & 0x20) != 0)
        {
            e.ReadUInt16();
        }

        var config = ReadDescriptor(ref e, DecoderConfigDescrTag);
        var d = new FieldReader(config, FourCC.Esds);
        var objectType = d.ReadByte();
        d.Skip(12);
        if (objectType != ObjectTypeAudioIso14496_3)
        {
            return string.Create(CultureInfo.InvariantCulture, $"mp4a.{objectType:x2}");
        }

        var specific = ReadDescriptor(ref d, DecSpecificInfoTag);
        var s = new FieldReader(specific, FourCC.Esds);
        var first = s.ReadByte();
        var aot = first >> 3;
        if (aot == 31)
        {
            // Escape: audioObjectType = 32 + next 6 bits.
            var second = s.ReadByte();
            aot = 32 + (((first & 0x07) << 3) | (second >> 5));
        }

        return string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{aot}");
    }

    private static ReadOnlySpan<byte> ReadDescriptor(ref FieldReader r, byte expectedTag)
    {
        var tag = r.ReadByte();
        if (tag != expectedTag)
        {
            Fmp4Throw.Format(Fmp4Error.InvalidValue, $"'esds' has descriptor tag {tag} where {expectedTag} belongs.");
        }

        // expandable size: up to four bytes of 7 bits, high bit = more follows (ISO/IEC 14496-1 §8.3.3).
        var size = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = r.ReadByte();
            size = (size << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (size > r.Remaining)
        {
            Fmp4Throw.Format(Fmp4Error.SizePastEnd, $"'esds' descriptor {tag} claims {size} bytes, {r.Remaining} remain.");
        }

        var body = r.Rest[..size];
        r.Skip(size);
        return body;
    }
}
