using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Ice.Turn;

/// <summary>
/// The TURN ChannelData message (RFC 8656 §12.4):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Channel Number        |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// /                       Application Data                        /
/// /                                                               /
/// |                                                               |
/// |                               +-------------------------------+
/// |                               |
/// +-------------------------------+
/// </code>
/// Channel numbers 0x4000–0x4FFF (first byte 64–79, RFC 7983 demultiplexing). Over UDP the
/// padding to a multiple of four "MAY" be omitted; this writer omits it, the reader accepts both.
/// </summary>
public readonly ref struct ChannelDataMessage
{
    /// <summary>Channel number and length fields.</summary>
    public const int HeaderSize = 4;

    /// <summary>Creates a view.</summary>
    public ChannelDataMessage(ushort channel, ReadOnlySpan<byte> data)
    {
        Channel = channel;
        Data = data;
    }

    /// <summary>Channel number.</summary>
    public ushort Channel { get; }

    /// <summary>Application data.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>True when the first byte is in the ChannelData range (64–79).</summary>
    public static bool IsChannelData(ReadOnlySpan<byte> datagram) => datagram.Length >= 1 && datagram[0] is >= 0x40 and <= 0x4F;

    /// <summary>Reads a message; false on a bad channel number or a length past the input.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ChannelDataMessage message, out int consumed)
    {
        message = default;
        consumed = 0;
        if (source.Length < HeaderSize || !IsChannelData(source))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (HeaderSize + length > source.Length)
        {
            return false;
        }

        message = new ChannelDataMessage(BinaryPrimitives.ReadUInt16BigEndian(source), source.Slice(HeaderSize, length));
        consumed = Math.Min(source.Length, HeaderSize + ((length + 3) & ~3));
        return true;
    }

    /// <summary>Size without padding.</summary>
    public int GetSize() => HeaderSize + Data.Length;

    /// <summary>Writes header and data.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Data.Length);
        Data.CopyTo(destination[HeaderSize..]);
        return GetSize();
    }
}
