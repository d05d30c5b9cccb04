using System.Buffers;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>A user message copied into a pooled buffer, from <c>Send</c> until its last chunk is acked or abandoned.</summary>
internal sealed class OutgoingMessage
{
    public OutgoingMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> data, bool unordered, int? maxRetransmits, DateTimeOffset? expiresAt)
    {
        StreamId = streamId;
        Ppid = ppid;
        Length = data.Length;
        Buffer = ArrayPool<byte>.Shared.Rent(data.Length);
        data.CopyTo(Buffer);
        Unordered = unordered;
        MaxRetransmits = maxRetransmits;
        ExpiresAt = expiresAt;
    }

    public ushort StreamId { get; }

    public uint Ppid { get; }

    public byte[] Buffer { get; private set; }

    public int Length { get; }

    public bool Unordered { get; }

    public int? MaxRetransmits { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public ushort Ssn { get; set; }

    public uint FirstTsn { get; set; }

    public uint LastTsn { get; set; }

    public bool Abandoned { get; set; }

    /// <summary>Chunks still in the outstanding queue; the buffer goes back to the pool at zero.</summary>
    public int ChunksRemaining { get; set; }

    public void Release()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}

internal enum OutboundChunkState : byte
{
    Unsent,
    InFlight,
    ToRetransmit,
    GapAcked,
    Abandoned,
}

/// <summary>One DATA chunk with an assigned TSN, kept until the cumulative ack passes it.</summary>
internal sealed class OutboundChunk
{
    public OutboundChunk(uint tsn, OutgoingMessage message, int offset, int length, byte flags)
    {
        Tsn = tsn;
        Message = message;
        Offset = offset;
        Length = length;
        Flags = flags;
    }

    public uint Tsn { get; }

    public OutgoingMessage Message { get; }

    public int Offset { get; }

    public int Length { get; }

    public byte Flags { get; }

    public OutboundChunkState State { get; set; }

    public int Transmissions { get; set; }

    public int MissIndications { get; set; }

    /// <summary>Fast retransmitted once already; only T3 may retransmit it again (RFC 9260 §7.2.4).</summary>
    public bool FastRetransmitted { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public ReadOnlySpan<byte> Payload => Message.Buffer.AsSpan(Offset, Length);
}

/// <summary>
/// TSN-ordered chunks from the oldest unacked to the newest assigned; TSNs are contiguous, so a
/// lookup by TSN is an index. Removal happens only at the front (cumulative ack).
/// </summary>
internal sealed class OutstandingQueue
{
    private readonly List<OutboundChunk> _items = new(1024);
    private int _head;

    public int Count => _items.Count - _head;

    public OutboundChunk First => _items[_head];

    public void Add(OutboundChunk chunk) => _items.Add(chunk);

    public OutboundChunk? Get(uint tsn)
    {
        if (Count == 0)
        {
            return null;
        }

        uint index = tsn - First.Tsn;
        return index < (uint)Count ? _items[_head + (int)index] : null;
    }

    public OutboundChunk At(int index) => _items[_head + index];

    public OutboundChunk RemoveFirst()
    {
        var chunk = _items[_head];
        _items[_head] = null!;
        _head++;
        if (_head == _items.Count)
        {
            _items.Clear();
            _head = 0;
        }
        else if (_head >= 4096 && _head * 2 >= _items.Count)
        {
            _items.RemoveRange(0, _head);
            _head = 0;
        }

        return chunk;
    }
}
