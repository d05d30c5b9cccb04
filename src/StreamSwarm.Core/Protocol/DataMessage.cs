namespace StreamSwarm.Core.Protocol;

/// <summary>
/// DATA (0x05): one piece (1–16 KiB) of a requested part or segment at <see cref="Offset"/> of
/// <see cref="Total"/> bytes. The payload is not copied: <see cref="TryRead"/> hands back a slice of
/// the message.
/// <code>type:u8=0x05 request:u32 offset:u32 total:u32 payload</code>
/// </summary>
public readonly record struct DataMessage(uint RequestId, uint Offset, uint Total)
{
    public const int HeaderSize = 12;

    public bool IsLastPiece(int payloadLength) => Offset + (uint)payloadLength == Total;

    public static bool TryRead(ReadOnlySpan<byte> message, out DataMessage data, out ReadOnlySpan<byte> payload, out PeerProtocolError error)
    {
        var r = new WireReader(message, PeerMessageType.Data);
        data = new DataMessage(r.U32(), r.U32(), r.U32());
        payload = r.Bytes(r.Remaining);
        if (r.Error == PeerProtocolError.None)
        {
            if (payload.IsEmpty || payload.Length > PeerMessage.MaxPieceSize || data.Total > PeerMessage.MaxPartSize)
            {
                r.Fail(payload.IsEmpty ? PeerProtocolError.Truncated : PeerProtocolError.TooLong);
            }
            else if ((ulong)data.Offset + (ulong)payload.Length > data.Total)
            {
                r.Fail(PeerProtocolError.OutOfRange);
            }
        }

        if (!r.End(out error))
        {
            payload = default;
            return false;
        }

        return true;
    }

    public static int GetSize(int payloadLength) => 1 + HeaderSize + payloadLength;

    public int Write(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload.Length > PeerMessage.MaxPieceSize || Total > PeerMessage.MaxPartSize
            || (ulong)Offset + (ulong)payload.Length > Total)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), "a piece is 1-16384 bytes within total, total at most 8 MiB");
        }

        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Data);
        w.U32(RequestId);
        w.U32(Offset);
        w.U32(Total);
        w.Bytes(payload);
        return w.Written;
    }
}
