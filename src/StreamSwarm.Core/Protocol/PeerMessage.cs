namespace StreamSwarm.Core.Protocol;

/// <summary>
/// Limits and the type byte shared by every peer message (docs/protocol.md). Each message type
/// has its own codec with <c>TryRead</c>, <c>GetSize</c> and <c>Write</c>.
/// </summary>
public static class PeerMessage
{
    public const byte Version = 1;

    /// <summary>Largest DATA payload: pieces stay small so requests interleave on one channel.</summary>
    public const int MaxPieceSize = 16 * 1024;

    /// <summary>Largest part a peer relays; the same as the ingest limit.</summary>
    public const int MaxPartSize = 8 * 1024 * 1024;

    /// <summary>Largest valid message (a DATA message with a full piece).</summary>
    public const int MaxMessageSize = 1 + DataMessage.HeaderSize + MaxPieceSize;

    /// <summary>Part index meaning "the whole segment".</summary>
    public const byte WholeSegment = 255;

    /// <summary>Highest part index within a segment.</summary>
    public const byte MaxPartIndex = 99;

    /// <summary>
    /// Reads the type byte. False with <see cref="PeerProtocolError.Empty"/> on no bytes, and with
    /// <see cref="PeerProtocolError.None"/> for a type this version does not know: such a message
    /// is ignored, not an error.
    /// </summary>
    public static bool TryReadType(ReadOnlySpan<byte> message, out PeerMessageType type, out PeerProtocolError error)
    {
        type = default;
        if (message.IsEmpty)
        {
            error = PeerProtocolError.Empty;
            return false;
        }

        error = message.Length > MaxMessageSize ? PeerProtocolError.TooLong : PeerProtocolError.None;
        type = (PeerMessageType)message[0];
        return error == PeerProtocolError.None && type is >= PeerMessageType.Hello and <= PeerMessageType.Absent;
    }

    /// <summary>CHOKE and UNCHOKE have no body: exactly one byte.</summary>
    public static bool TryReadEmpty(ReadOnlySpan<byte> message, PeerMessageType expected, out PeerProtocolError error)
    {
        var reader = new WireReader(message, expected);
        return reader.End(out error);
    }

    /// <summary>Writes CHOKE or UNCHOKE; returns 1.</summary>
    public static int WriteEmpty(Span<byte> destination, PeerMessageType type)
    {
        destination[0] = (byte)type;
        return 1;
    }

    internal static bool IsPartIndex(byte part) => part <= MaxPartIndex || part == WholeSegment;
}
