using System.Buffers.Binary;

namespace StreamSwarm.Media.Fmp4;

/// <summary>Big-endian field reads inside one box payload; running past the end throws <see cref="Fmp4FormatException"/>.</summary>
internal ref struct FieldReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly uint _box;
    private int _offset;

    public FieldReader(ReadOnlySpan<byte> data, uint box)
    {
        _data = data;
        _box = box;
        _offset = 0;
    }

    public readonly int Remaining => _data.Length - _offset;

    public readonly int Offset => _offset;

    public readonly ReadOnlySpan<byte> Rest => _data[_offset..];

    public byte ReadByte()
    {
        Ensure(1);
        return _data[_offset++];
    }

    public ushort ReadUInt16()
    {
        Ensure(2);
        var v = BinaryPrimitives.ReadUInt16BigEndian(_data[_offset..]);
        _offset += 2;
        return v;
    }

    public uint ReadUInt32()
    {
        Ensure(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(_data[_offset..]);
        _offset += 4;
        return v;
    }

    public ulong ReadUInt64()
    {
        Ensure(8);
        var v = BinaryPrimitives.ReadUInt64BigEndian(_data[_offset..]);
        _offset += 8;
        return v;
    }

    /// <summary>Reads a full box's version and flags (§4.2: unsigned int(8) version; bit(24) flags).</summary>
    public (byte Version, uint Flags) ReadFullBoxHeader()
    {
        var word = ReadUInt32();
        return ((byte)(word >> 24), word & 0x00FF_FFFF);
    }

    public void Skip(int count)
    {
        Ensure(count);
        _offset += count;
    }

    private readonly void Ensure(int count)
    {
        if (count < 0 || _data.Length - _offset < count)
        {
            Fmp4Throw.Truncated(_box);
        }
    }
}
