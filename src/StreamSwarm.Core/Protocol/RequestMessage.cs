namespace StreamSwarm.Core.Protocol;

/// <summary>
/// REQUEST (0x04): ask a neighbour for a part or whole segment; priority 0 is urgent, 3 prefetch.
/// <code>type:u8=0x04 request:u32 rendition:u8 msn:u32 part:u8 priority:u8</code>
/// </summary>
public readonly record struct RequestMessage(uint RequestId, byte Rendition, uint Msn, byte Part, byte Priority)
{
    public const int Size = 12;
    public const byte MaxPriority = 3;

    public static bool TryRead(ReadOnlySpan<byte> message, out RequestMessage request, out PeerProtocolError error)
    {
        var r = new WireReader(message, PeerMessageType.Request);
        request = new RequestMessage(r.U32(), r.U8(), r.U32(), r.U8(), r.U8());
        if (r.Error == PeerProtocolError.None && (!PeerMessage.IsPartIndex(request.Part) || request.Priority > MaxPriority))
        {
            r.Fail(PeerProtocolError.OutOfRange);
        }

        return r.End(out error);
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        if (!PeerMessage.IsPartIndex(Part) || Priority > MaxPriority)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), "part is 0-99 or 255 and priority 0-3");
        }

        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Request);
        w.U32(RequestId);
        w.U8(Rendition);
        w.U32(Msn);
        w.U8(Part);
        w.U8(Priority);
        return w.Written;
    }
}
