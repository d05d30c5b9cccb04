using StreamSwarm.WebRtc.Sctp.Parameters;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// RE-CONFIG (RFC 6525 §3.1): one or two re-configuration parameters. Data channels use the
/// Outgoing SSN Reset Request (§4.1) and the Re-configuration Response (§4.4); other request types
/// are kept as their type only so the association can answer them with "Denied".
/// </summary>
internal sealed record ReConfigChunk(
    OutgoingSsnResetRequestParameter? OutgoingRequest,
    ReconfigurationResponseParameter? Response,
    uint? OtherRequestSequence = null)
{
    public static bool TryRead(ReadOnlySpan<byte> data, out ReConfigChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!ChunkWriting.TryReadView(data, SctpChunkType.ReConfig, 8, out var view, out consumed))
        {
            return false;
        }

        OutgoingSsnResetRequestParameter? request = null;
        ReconfigurationResponseParameter? response = null;
        uint? other = null;
        var rest = view.Value;
        var count = 0;
        while (!rest.IsEmpty)
        {
            var e = new SctpParameterEnumerator(rest);
            if (!e.MoveNext() || ++count > 2)
            {
                consumed = 0;
                return false;
            }

            var type = (SctpParameterType)e.Current.Type;
            if (type == SctpParameterType.OutgoingSsnResetRequest)
            {
                if (request is not null || !OutgoingSsnResetRequestParameter.TryRead(rest, out request, out _))
                {
                    consumed = 0;
                    return false;
                }
            }
            else if (type == SctpParameterType.ReconfigurationResponse)
            {
                if (response is not null || !ReconfigurationResponseParameter.TryRead(rest, out response, out _))
                {
                    consumed = 0;
                    return false;
                }
            }
            else if (type is >= SctpParameterType.IncomingSsnResetRequest and <= SctpParameterType.AddIncomingStreamsRequest
                && e.Current.Value.Length >= 4)
            {
                other = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(e.Current.Value);
            }

            rest = rest[Math.Min(SctpPacket.Pad4(e.Current.Parameter.Length), rest.Length)..];
        }

        chunk = new ReConfigChunk(request, response, other);
        return true;
    }

    public int GetSize() => 4 + (OutgoingRequest is null ? 0 : SctpPacket.Pad4(OutgoingRequest.GetSize()))
        + (Response?.GetSize() ?? 0);

    public int Write(Span<byte> destination)
    {
        if (OtherRequestSequence is not null)
        {
            throw new InvalidOperationException("Only Outgoing SSN Reset Requests and responses are written.");
        }

        int size = GetSize();
        SctpPacket.WriteChunkHeader(destination, (byte)SctpChunkType.ReConfig, 0, size - 4);
        var offset = 4;
        if (OutgoingRequest is not null)
        {
            offset += OutgoingRequest.Write(destination[offset..]);
        }

        if (Response is not null)
        {
            offset += Response.Write(destination[offset..]);
        }

        return offset;
    }
}
