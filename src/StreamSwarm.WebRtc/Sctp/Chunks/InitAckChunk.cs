namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Initiation Acknowledgement (INIT ACK), RFC 9260 §3.3.3. Same layout as INIT with Type = 2;
/// the parameters must contain a State Cookie (type 7).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 2    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              Advertised Receiver Window Credit                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Number of Outbound Streams   |  Number of Inbound Streams    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Initial TSN                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \              Optional/Variable-Length Parameters              \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct InitAckChunk
{
    private readonly InitChunk _fields;

    /// <summary>Creates a chunk for writing.</summary>
    public InitAckChunk(uint initiateTag, uint advertisedReceiverWindow, ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
    {
        _fields = new InitChunk(initiateTag, advertisedReceiverWindow, outboundStreams, inboundStreams, initialTsn, parameters);
    }

    private InitAckChunk(InitChunk fields) => _fields = fields;

    /// <summary>The tag the peer must put in packets to us.</summary>
    public uint InitiateTag => _fields.InitiateTag;

    /// <summary>a_rwnd in bytes.</summary>
    public uint AdvertisedReceiverWindow => _fields.AdvertisedReceiverWindow;

    /// <summary>Streams the sender wants to open.</summary>
    public ushort OutboundStreams => _fields.OutboundStreams;

    /// <summary>Maximum inbound streams the sender allows.</summary>
    public ushort InboundStreams => _fields.InboundStreams;

    /// <summary>First TSN the sender will use.</summary>
    public uint InitialTsn => _fields.InitialTsn;

    /// <summary>Raw parameters (TLVs).</summary>
    public ReadOnlySpan<byte> Parameters => _fields.Parameters;

    /// <summary>Reads an INIT ACK chunk.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out InitAckChunk chunk, out int consumed)
    {
        bool ok = InitChunk.TryRead(source, ChunkType.InitAck, out var fields, out consumed);
        chunk = new InitAckChunk(fields);
        return ok;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => _fields.GetSize();

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination) => _fields.Write(destination, ChunkType.InitAck);
}
