using System.Buffers.Binary;
using System.Text;

namespace StreamSwarm.Core.Protocol;

/// <summary>Big-endian writer for codecs; the caller sized the destination with GetSize.</summary>
internal ref struct WireWriter(Span<byte> destination)
{
    private readonly Span<byte> _data = destination;

    public int Written { get; private set; }

    public void U8(byte value) => _data[Written++] = value;

    public void U16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_data[Written..], value);
        Written += 2;
    }

    public void U32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_data[Written..], value);
        Written += 4;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_data[Written..]);
        Written += value.Length;
    }

    public void Name(string value)
    {
        U8((byte)value.Length);
        Written += Encoding.ASCII.GetBytes(value, _data[Written..]);
    }
}
