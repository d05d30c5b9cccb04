namespace StreamSwarm.Core.Protocol;

/// <summary>
/// CANCEL (0x06): the requester no longer wants a request; the uploader stops sending it.
/// <code>type:u8=0x06 request:u32</code>
/// </summary>
public readonly record struct CancelMessage(uint RequestId)
{
    public const int Size = 5;

    public static bool TryRead(ReadOnlySpan<byte> message, out CancelMessage cancel, out PeerProtocolError error)
    {
        var r = new WireReader(message, PeerMessageType.Cancel);
        cancel = new CancelMessage(r.U32());
        return r.End(out error);
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Cancel);
        w.U32(RequestId);
        return w.Written;
    }
}
