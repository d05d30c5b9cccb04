namespace StreamSwarm.Core.Protocol;

/// <summary>
/// BITFIELD (0x03): which whole segments of a window the sender holds; bit i (MSB first) is
/// segment <c>BaseMsn + i</c>. Unused bits of the last byte must be zero.
/// <code>type:u8=0x03 rendition:u8 baseMsn:u32 count:u16 bits:ceil(count/8) bytes</code>
/// </summary>
public sealed class BitfieldMessage
{
    public const int MaxCount = 1024;
    private readonly byte[] _bits;

    public BitfieldMessage(byte rendition, uint baseMsn, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        Rendition = rendition;
        BaseMsn = baseMsn;
        Count = count;
        _bits = new byte[(count + 7) / 8];
    }

    public byte Rendition { get; }

    public uint BaseMsn { get; }

    public int Count { get; }

    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return (_bits[index >> 3] & (0x80 >> (index & 7))) != 0;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            if (value)
            {
                _bits[index >> 3] |= (byte)(0x80 >> (index & 7));
            }
            else
            {
                _bits[index >> 3] &= (byte)~(0x80 >> (index & 7));
            }
        }
    }

    public static bool TryRead(ReadOnlySpan<byte> message, out BitfieldMessage? bitfield, out PeerProtocolError error)
    {
        bitfield = null;
        var r = new WireReader(message, PeerMessageType.Bitfield);
        var rendition = r.U8();
        var baseMsn = r.U32();
        var count = r.U16();
        if (r.Error == PeerProtocolError.None && count > MaxCount)
        {
            r.Fail(PeerProtocolError.BadCount);
        }

        var bits = r.Bytes((count + 7) / 8);
        if (r.Error == PeerProtocolError.None && count % 8 != 0 && (bits[^1] & (0xff >> (count % 8))) != 0)
        {
            r.Fail(PeerProtocolError.OutOfRange);
        }

        if (!r.End(out error))
        {
            return false;
        }

        bitfield = new BitfieldMessage(rendition, baseMsn, count);
        bits.CopyTo(bitfield._bits);
        return true;
    }

    public int GetSize() => 1 + 1 + 4 + 2 + _bits.Length;

    public int Write(Span<byte> destination)
    {
        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Bitfield);
        w.U8(Rendition);
        w.U32(BaseMsn);
        w.U16((ushort)Count);
        w.Bytes(_bits);
        return w.Written;
    }
}
