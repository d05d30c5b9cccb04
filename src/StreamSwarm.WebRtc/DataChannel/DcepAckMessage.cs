namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>DATA_CHANNEL_ACK (RFC 8832 §5.2): the single byte 0x02, PPID 50.</summary>
public static class DcepAckMessage
{
    /// <summary>Size on the wire.</summary>
    public const int Size = 1;

    /// <summary>True when <paramref name="source"/> starts with an ACK (trailing bytes are ignored).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int consumed)
    {
        consumed = source.Length >= Size && source[0] == (byte)DcepMessageType.Ack ? Size : 0;
        return consumed == Size;
    }

    /// <summary>Writes the ACK; returns 1.</summary>
    public static int Write(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }

        destination[0] = (byte)DcepMessageType.Ack;
        return Size;
    }
}
