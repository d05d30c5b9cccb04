using System.Buffers.Binary;
using System.Text;

namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 §5.1), sent with PPID 50 on the stream the channel will use.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Message Type |  Channel Type |            Priority           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Reliability Parameter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Label Length          |       Protocol Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                             Label                             /
/// \                            Protocol                           /
/// </code>
/// </summary>
/// <param name="ChannelType">Reliability and ordering.</param>
/// <param name="Priority">Priority (RFC 8832 §5.1; Chromium sends 256 for "low").</param>
/// <param name="Reliability">Retransmissions or lifetime in ms, per <paramref name="ChannelType"/>.</param>
/// <param name="Label">Channel label (UTF-8 on the wire).</param>
/// <param name="Protocol">Sub-protocol (UTF-8 on the wire).</param>
public readonly record struct DcepOpenMessage(DataChannelType ChannelType, ushort Priority, uint Reliability, string Label, string Protocol)
{
    private const int HeaderSize = 12;

    /// <summary>Reads an OPEN; false on short input, another message type, or bad lengths/UTF-8.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out DcepOpenMessage message, out int consumed)
    {
        message = default;
        consumed = 0;
        if (source.Length < HeaderSize || source[0] != (byte)DcepMessageType.Open)
        {
            return false;
        }

        var type = (DataChannelType)source[1];
        if (!Enum.IsDefined(type))
        {
            return false;
        }

        var labelLength = BinaryPrimitives.ReadUInt16BigEndian(source[8..]);
        var protocolLength = BinaryPrimitives.ReadUInt16BigEndian(source[10..]);
        var total = HeaderSize + labelLength + protocolLength;
        if (source.Length < total)
        {
            return false;
        }

        var strict = new UTF8Encoding(false, true);
        string label;
        string protocol;
        try
        {
            label = strict.GetString(source.Slice(HeaderSize, labelLength));
            protocol = strict.GetString(source.Slice(HeaderSize + labelLength, protocolLength));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        message = new DcepOpenMessage(
            type,
            BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            label,
            protocol);
        consumed = total;
        return true;
    }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetSize() => HeaderSize + Encoding.UTF8.GetByteCount(Label) + Encoding.UTF8.GetByteCount(Protocol);

    /// <summary>Writes the message; returns the bytes written.</summary>
    /// <exception cref="ArgumentException">Destination too small or a string longer than 65535 bytes.</exception>
    public int Write(Span<byte> destination)
    {
        var labelLength = Encoding.UTF8.GetByteCount(Label);
        var protocolLength = Encoding.UTF8.GetByteCount(Protocol);
        if (labelLength > ushort.MaxValue || protocolLength > ushort.MaxValue)
        {
            throw new ArgumentException("label and protocol must each fit in 65535 UTF-8 bytes");
        }

        var size = HeaderSize + labelLength + protocolLength;
        if (destination.Length < size)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        destination[0] = (byte)DcepMessageType.Open;
        destination[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Priority);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Reliability);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)labelLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)protocolLength);
        Encoding.UTF8.GetBytes(Label, destination[HeaderSize..]);
        Encoding.UTF8.GetBytes(Protocol, destination[(HeaderSize + labelLength)..]);
        return size;
    }

    /// <summary>Whether messages on this channel may be delivered out of order.</summary>
    public bool Unordered => ((byte)ChannelType & 0x80) != 0;
}
