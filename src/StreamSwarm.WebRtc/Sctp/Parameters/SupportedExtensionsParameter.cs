using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Supported Extensions, RFC 5061 §4.2.7: the chunk types the sender understands. dcSCTP enables
/// stream reset only when RE-CONFIG (0x82) is listed.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 0x8008   |      Parameter Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | CHUNK TYPE 1  |  CHUNK TYPE 2 |  CHUNK TYPE 3 |  CHUNK TYPE 4 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct SupportedExtensionsParameter
{
    /// <summary>Creates a parameter for writing.</summary>
    public SupportedExtensionsParameter(ReadOnlySpan<byte> chunkTypes) => ChunkTypes = chunkTypes;

    /// <summary>Listed chunk types, one byte each.</summary>
    public ReadOnlySpan<byte> ChunkTypes { get; }

    /// <summary>True when <paramref name="type"/> is listed.</summary>
    public bool Contains(ChunkType type) => ChunkTypes.Contains((byte)type);

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SupportedExtensionsParameter parameter, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.SupportedExtensions)
        {
            parameter = default;
            consumed = 0;
            return false;
        }

        parameter = new SupportedExtensionsParameter(p.Value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => SctpParameter.GetSize(ChunkTypes.Length);

    /// <summary>Writes the parameter with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination) => new SctpParameter((ushort)ParameterType.SupportedExtensions, ChunkTypes).Write(destination);
}
