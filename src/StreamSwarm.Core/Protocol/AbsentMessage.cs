namespace StreamSwarm.Core.Protocol;

/// <summary>Why an uploader does not serve a request.</summary>
public enum AbsentReason : byte
{
    NotHeld = 0,
    Evicted = 1,
    Choked = 2,
    Busy = 3,
}

/// <summary>
/// ABSENT (0x09): the uploader will not serve this request; the requester asks elsewhere.
/// <code>type:u8=0x09 request:u32 reason:u8</code>
/// </summary>
public readonly record struct AbsentMessage(uint RequestId, AbsentReason Reason)
{
    public const int Size = 6;

    public static bool TryRead(ReadOnlySpan<byte> message, out AbsentMessage absent, out PeerProtocolError error)
    {
        var r = new WireReader(message, PeerMessageType.Absent);
        absent = new AbsentMessage(r.U32(), (AbsentReason)r.U8());
        if (r.Error == PeerProtocolError.None && absent.Reason > AbsentReason.Busy)
        {
            r.Fail(PeerProtocolError.OutOfRange);
        }

        return r.End(out error);
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Absent);
        w.U32(RequestId);
        w.U8((byte)Reason);
        return w.Written;
    }
}
