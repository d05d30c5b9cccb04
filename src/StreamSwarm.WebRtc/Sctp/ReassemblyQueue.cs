using System.Buffers;
using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>Receives one complete user message; <paramref name="data"/> is valid only during the call.</summary>
internal delegate void MessageSink(ushort streamId, uint ppid, ReadOnlyMemory<byte> data);

/// <summary>
/// Reassembles fragments (RFC 9260 §6.9) and orders messages per stream by SSN (§6.6); unordered
/// messages go out as soon as they are whole. Payloads are copied into pooled arrays;
/// <see cref="BufferedBytes"/> feeds a_rwnd and the memory limit.
/// </summary>
internal sealed class ReassemblyQueue
{
    private readonly Dictionary<uint, Fragment> _fragments = [];
    private readonly Dictionary<ushort, InboundStream> _streams = [];
    private readonly MessageSink _sink;

    public ReassemblyQueue(MessageSink sink) => _sink = sink;

    public long BufferedBytes { get; private set; }

    public void Add(in DataChunk chunk)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(chunk.Payload.Length);
        chunk.Payload.CopyTo(buffer);
        BufferedBytes += chunk.Payload.Length;
        var fragment = new Fragment(chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.Flags, buffer, chunk.Payload.Length);
        if (fragment.IsBeginning && fragment.IsEnd)
        {
            Complete(fragment, buffer, fragment.Length);
            return;
        }

        _fragments[chunk.Tsn] = fragment;
        TryAssemble(chunk.Tsn, fragment);
    }

    /// <summary>FORWARD-TSN: drop fragments up to the new cumulative TSN and skip the listed SSNs (RFC 3758 §3.6).</summary>
    public void Forward(uint newCumulativeTsn, ForwardTsnStream[] streams)
    {
        List<uint>? stale = null;
        foreach (var (tsn, _) in _fragments)
        {
            if (Tsn.Le(tsn, newCumulativeTsn))
            {
                (stale ??= []).Add(tsn);
            }
        }

        if (stale is not null)
        {
            foreach (var tsn in stale)
            {
                _fragments.Remove(tsn, out var f);
                Release(f.Buffer, f.Length);
            }
        }

        foreach (var (streamId, ssn) in streams)
        {
            var stream = GetStream(streamId);
            while (Tsn.SsnLe(stream.NextSsn, ssn))
            {
                if (stream.Ready.Remove(stream.NextSsn, out var message))
                {
                    Deliver(streamId, message);
                }

                stream.NextSsn++;
            }

            DeliverReady(streamId, stream);
        }
    }

    /// <summary>Incoming stream reset (RFC 6525 §5.2.2): SSNs of these streams (all when empty) restart at 0.</summary>
    public void ResetStreams(ushort[] streamIds)
    {
        if (streamIds.Length == 0)
        {
            foreach (var stream in _streams.Values)
            {
                stream.NextSsn = 0;
            }

            return;
        }

        foreach (var id in streamIds)
        {
            GetStream(id).NextSsn = 0;
        }
    }

    private void TryAssemble(uint tsn, Fragment fragment)
    {
        uint first = tsn;
        var current = fragment;
        while (!current.IsBeginning)
        {
            if (!_fragments.TryGetValue(first - 1, out var previous) || !SameMessage(previous, fragment))
            {
                return;
            }

            first--;
            current = previous;
        }

        uint last = tsn;
        current = fragment;
        var total = 0L;
        while (!current.IsEnd)
        {
            if (!_fragments.TryGetValue(last + 1, out var next) || !SameMessage(next, fragment) || next.IsBeginning)
            {
                return;
            }

            last++;
            current = next;
        }

        for (uint t = first; t != last + 1; t++)
        {
            total += _fragments[t].Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)total);
        var offset = 0;
        for (uint t = first; t != last + 1; t++)
        {
            _fragments.Remove(t, out var f);
            f.Buffer.AsSpan(0, f.Length).CopyTo(buffer.AsSpan(offset));
            offset += f.Length;
            ArrayPool<byte>.Shared.Return(f.Buffer);
        }

        Complete(fragment, buffer, offset);
    }

    private static bool SameMessage(Fragment a, Fragment b) =>
        a.StreamId == b.StreamId && a.IsUnordered == b.IsUnordered && (a.IsUnordered || a.Ssn == b.Ssn);

    private void Complete(Fragment fragment, byte[] buffer, int length)
    {
        var message = new ReadyMessage(fragment.Ppid, buffer, length);
        if (fragment.IsUnordered)
        {
            Deliver(fragment.StreamId, message);
            return;
        }

        var stream = GetStream(fragment.StreamId);
        if (!Tsn.SsnLe(stream.NextSsn, fragment.Ssn) || !stream.Ready.TryAdd(fragment.Ssn, message))
        {
            // An SSN already delivered or skipped: a peer bug; drop rather than deliver twice.
            Release(buffer, length);
            return;
        }

        DeliverReady(fragment.StreamId, stream);
    }

    private void DeliverReady(ushort streamId, InboundStream stream)
    {
        while (stream.Ready.Remove(stream.NextSsn, out var message))
        {
            stream.NextSsn++;
            Deliver(streamId, message);
        }
    }

    private void Deliver(ushort streamId, ReadyMessage message)
    {
        try
        {
            _sink(streamId, message.Ppid, message.Buffer.AsMemory(0, message.Length));
        }
        finally
        {
            Release(message.Buffer, message.Length);
        }
    }

    private void Release(byte[] buffer, int length)
    {
        BufferedBytes -= length;
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private InboundStream GetStream(ushort id)
    {
        if (!_streams.TryGetValue(id, out var stream))
        {
            stream = new InboundStream();
            _streams[id] = stream;
        }

        return stream;
    }

    private readonly record struct Fragment(ushort StreamId, ushort Ssn, uint Ppid, byte Flags, byte[] Buffer, int Length)
    {
        public bool IsBeginning => (Flags & DataChunk.FlagBeginning) != 0;

        public bool IsEnd => (Flags & DataChunk.FlagEnd) != 0;

        public bool IsUnordered => (Flags & DataChunk.FlagUnordered) != 0;
    }

    private readonly record struct ReadyMessage(uint Ppid, byte[] Buffer, int Length);

    private sealed class InboundStream
    {
        public ushort NextSsn { get; set; }

        public Dictionary<ushort, ReadyMessage> Ready { get; } = [];
    }
}
