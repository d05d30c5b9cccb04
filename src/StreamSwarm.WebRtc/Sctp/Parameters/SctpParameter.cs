using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Generic parameter TLV, RFC 9260 §3.2.1.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Parameter Type         |       Parameter Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                       Parameter Value                         \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The upper two bits of an unknown type say what to do (§3.2.1): 00 stop, 01 stop and report,
/// 10 skip, 11 skip and report. The same layout serves error causes (§3.3.10).
/// </summary>
public readonly ref struct SctpParameter
{
    /// <summary>Header size in bytes.</summary>
    public const int HeaderSize = 4;

    /// <summary>Creates a parameter for writing.</summary>
    public SctpParameter(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>Parameter type (see <see cref="ParameterType"/>).</summary>
    public ushort Type { get; }

    /// <summary>Parameter value without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Upper two bits of the type: 0 stop, 1 stop+report, 2 skip, 3 skip+report.</summary>
    public int UnknownAction => Type >> 14;

    /// <summary>Reads one TLV; <paramref name="consumed"/> includes padding (a missing last pad is tolerated).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SctpParameter parameter, out int consumed)
    {
        parameter = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (length < HeaderSize || length > source.Length)
        {
            return false;
        }

        parameter = new SctpParameter(BinaryPrimitives.ReadUInt16BigEndian(source), source[HeaderSize..length]);
        consumed = Math.Min((length + 3) & ~3, source.Length);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => GetSize(Value.Length);

    /// <summary>Padded size of a TLV with a value of <paramref name="valueLength"/> bytes.</summary>
    public static int GetSize(int valueLength) => (HeaderSize + valueLength + 3) & ~3;

    /// <summary>Writes the TLV with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        Value.CopyTo(destination[HeaderSize..]);
        return WriteHeader(destination, Type, Value.Length);
    }

    /// <summary>Writes type, length and padding around a value already at offset 4; returns the padded size.</summary>
    internal static int WriteHeader(Span<byte> destination, ushort type, int valueLength)
    {
        int length = HeaderSize + valueLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
        int padded = (length + 3) & ~3;
        destination[length..padded].Clear();
        return padded;
    }
}
