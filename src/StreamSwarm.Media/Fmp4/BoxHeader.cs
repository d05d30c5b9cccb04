using System.Buffers;
using System.Buffers.Binary;

namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// An ISO BMFF box header (ISO/IEC 14496-12 §4.2):
/// <code>
/// unsigned int(32) size;            // 1: a 64-bit largesize follows the type; 0: to end of file
/// unsigned int(32) type;
/// if (size == 1) unsigned int(64) largesize;
/// if (type == 'uuid') unsigned int(8)[16] usertype;
/// </code>
/// </summary>
public readonly record struct BoxHeader(uint Type, long Size, int HeaderSize)
{
    /// <summary>Most bytes a header can take: size, type, largesize, usertype.</summary>
    public const int MaxHeaderSize = 32;

    public long PayloadSize => Size - HeaderSize;

    public string TypeName => FourCC.ToString(Type);

    /// <summary>
    /// Reads a header. Returns false with <paramref name="error"/> = <see cref="Fmp4Error.None"/> when more
    /// bytes are needed, false with an error when the header is malformed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out BoxHeader header, out Fmp4Error error)
    {
        header = default;
        error = Fmp4Error.None;
        if (source.Length < 8)
        {
            return false;
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(source);
        var type = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        var headerSize = 8;
        if (size == 1)
        {
            if (source.Length < 16)
            {
                return false;
            }

            var large = BinaryPrimitives.ReadUInt64BigEndian(source[8..]);
            if (large > long.MaxValue)
            {
                error = Fmp4Error.BoxTooLarge;
                return false;
            }

            size = (long)large;
            headerSize = 16;
        }
        else if (size == 0)
        {
            error = Fmp4Error.SizeToEnd;
            return false;
        }

        if (type == FourCC.Uuid)
        {
            headerSize += 16;
            if (source.Length < headerSize)
            {
                return false;
            }
        }

        if (size < headerSize)
        {
            error = Fmp4Error.SizeSmallerThanHeader;
            return false;
        }

        header = new BoxHeader(type, size, headerSize);
        return true;
    }

    /// <summary>Sequence overload: copies at most <see cref="MaxHeaderSize"/> bytes when the header spans segments.</summary>
    public static bool TryRead(in ReadOnlySequence<byte> source, out BoxHeader header, out Fmp4Error error)
    {
        if (source.IsSingleSegment || source.FirstSpan.Length >= MaxHeaderSize)
        {
            return TryRead(source.FirstSpan, out header, out error);
        }

        Span<byte> scratch = stackalloc byte[MaxHeaderSize];
        var n = (int)Math.Min(source.Length, MaxHeaderSize);
        source.Slice(0, n).CopyTo(scratch);
        return TryRead(scratch[..n], out header, out error);
    }
}
