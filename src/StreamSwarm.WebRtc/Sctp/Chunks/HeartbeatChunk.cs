using StreamSwarm.WebRtc.Sctp.Parameters;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// HEARTBEAT (RFC 9260 §3.3.5) and HEARTBEAT ACK (§3.3.6): one Heartbeat Info parameter (type 1)
/// whose opaque value the receiver echoes back unchanged.
/// </summary>
internal sealed record HeartbeatChunk(bool IsAck, byte[] Info)
{
    public static bool TryRead(ReadOnlySpan<byte> data, out HeartbeatChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!SctpPacket.TryReadChunk(data, out var view, out consumed)
            || (view.Type != (byte)SctpChunkType.Heartbeat && view.Type != (byte)SctpChunkType.HeartbeatAck))
        {
            consumed = 0;
            return false;
        }

        var e = new SctpParameterEnumerator(view.Value);
        if (!e.MoveNext() || e.Current.Type != (ushort)SctpParameterType.HeartbeatInfo)
        {
            consumed = 0;
            return false;
        }

        chunk = new HeartbeatChunk(view.Type == (byte)SctpChunkType.HeartbeatAck, e.Current.Value.ToArray());
        return true;
    }

    public int GetSize() => 8 + Info.Length;

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)(IsAck ? SctpChunkType.HeartbeatAck : SctpChunkType.Heartbeat), 0, GetSize() - 4);
        return 4 + SctpParameterEnumerator.Write(destination[4..], (ushort)SctpParameterType.HeartbeatInfo, Info);
    }
}
