using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Initiation (INIT), RFC 9260 §3.3.2.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 1    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Advertised Receiver Window Credit (a_rwnd)          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Number of Outbound Streams   |  Number of Inbound Streams    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Initial TSN                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \              Optional/Variable-Length Parameters              \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The parameters are kept as raw TLVs (see <see cref="Parameters.SctpParameter"/>).
/// </summary>
public readonly ref struct InitChunk
{
    /// <summary>Fixed part size including the chunk header.</summary>
    public const int FixedSize = 20;

    /// <summary>Creates a chunk for writing.</summary>
    public InitChunk(uint initiateTag, uint advertisedReceiverWindow, ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
    {
        InitiateTag = initiateTag;
        AdvertisedReceiverWindow = advertisedReceiverWindow;
        OutboundStreams = outboundStreams;
        InboundStreams = inboundStreams;
        InitialTsn = initialTsn;
        Parameters = parameters;
    }

    /// <summary>The tag the peer must put in packets to us.</summary>
    public uint InitiateTag { get; }

    /// <summary>a_rwnd in bytes.</summary>
    public uint AdvertisedReceiverWindow { get; }

    /// <summary>Streams the sender wants to open.</summary>
    public ushort OutboundStreams { get; }

    /// <summary>Maximum inbound streams the sender allows.</summary>
    public ushort InboundStreams { get; }

    /// <summary>First TSN the sender will use.</summary>
    public uint InitialTsn { get; }

    /// <summary>Raw optional parameters (TLVs, each padded).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>Reads an INIT chunk.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out InitChunk chunk, out int consumed) => TryRead(source, ChunkType.Init, out chunk, out consumed);

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(FixedSize + Parameters.Length);

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination) => Write(destination, ChunkType.Init);

    internal static bool TryRead(ReadOnlySpan<byte> source, ChunkType type, out InitChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, type, out _, out var value, out consumed) || value.Length < FixedSize - ChunkHeader.Size)
        {
            chunk = default;
            consumed = 0;
            return false;
        }

        chunk = new InitChunk(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[10..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[12..]),
            value[16..]);
        return true;
    }

    internal int Write(Span<byte> destination, ChunkType type)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], InitialTsn);
        Parameters.CopyTo(destination[FixedSize..]);
        return ChunkHeader.Write(destination, type, 0, FixedSize - ChunkHeader.Size + Parameters.Length);
    }
}
