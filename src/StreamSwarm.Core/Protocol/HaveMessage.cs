namespace StreamSwarm.Core.Protocol;

/// <summary>
/// HAVE (0x02): the sender now holds, verified, a part (0–99) or a whole segment (255).
/// <code>type:u8=0x02 rendition:u8 msn:u32 part:u8</code>
/// </summary>
public readonly record struct HaveMessage(byte Rendition, uint Msn, byte Part)
{
    public const int Size = 7;

    public static bool TryRead(ReadOnlySpan<byte> message, out HaveMessage have, out PeerProtocolError error)
    {
        var r = new WireReader(message, PeerMessageType.Have);
        have = new HaveMessage(r.U8(), r.U32(), r.U8());
        if (r.Error == PeerProtocolError.None && !PeerMessage.IsPartIndex(have.Part))
        {
            r.Fail(PeerProtocolError.OutOfRange);
        }

        return r.End(out error);
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        if (!PeerMessage.IsPartIndex(Part))
        {
            throw new ArgumentOutOfRangeException(nameof(destination), Part, "part is 0-99 or 255");
        }

        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Have);
        w.U8(Rendition);
        w.U32(Msn);
        w.U8(Part);
        return w.Written;
    }
}
