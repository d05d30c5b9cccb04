using System.Buffers.Binary;
using StreamSwarm.WebRtc.Sctp.Parameters;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// INIT (RFC 9260 §3.3.2) and INIT-ACK (§3.3.3), which share one layout:
/// <code>
/// |   Type = 1/2  |  Chunk Flags  |      Chunk Length             |
/// |                         Initiate Tag                          |
/// |           Advertised Receiver Window Credit (a_rwnd)          |
/// |  Number of Outbound Streams   |   Number of Inbound Streams   |
/// |                          Initial TSN                          |
/// \              Optional/Variable-Length Parameters              \
/// </code>
/// Parameters kept: State Cookie (INIT-ACK), Forward-TSN-Supported (RFC 3758 §3.1), Supported
/// Extensions (RFC 5061 §4.2.7). Unknown parameters follow their upper two bits (§3.2.1): 00/01 stop
/// reading parameters, 10/11 skip; 0x8001 (zero checksum, RFC 9653) is skipped like any other.
/// </summary>
internal sealed record InitChunk(
    bool IsAck,
    uint InitiateTag,
    uint AdvertisedReceiverWindow,
    ushort OutboundStreams,
    ushort InboundStreams,
    uint InitialTsn)
{
    public const int FixedSize = 20;

    public byte[]? StateCookie { get; init; }

    public bool ForwardTsnSupported { get; init; }

    /// <summary>Chunk types from Supported Extensions; null when the parameter is absent.</summary>
    public byte[]? SupportedExtensions { get; init; }

    public bool SupportsExtension(SctpChunkType type) => SupportedExtensions is { } ext && Array.IndexOf(ext, (byte)type) >= 0;

    public static bool TryRead(ReadOnlySpan<byte> data, out InitChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!SctpPacket.TryReadChunk(data, out var view, out consumed)
            || (view.Type != (byte)SctpChunkType.Init && view.Type != (byte)SctpChunkType.InitAck)
            || view.Chunk.Length < FixedSize)
        {
            consumed = 0;
            return false;
        }

        var v = view.Value;
        var init = new InitChunk(
            view.Type == (byte)SctpChunkType.InitAck,
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt32BigEndian(v[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(v[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(v[10..]),
            BinaryPrimitives.ReadUInt32BigEndian(v[12..]));
        byte[]? cookie = null;
        byte[]? extensions = null;
        var forwardTsn = false;
        var e = new SctpParameterEnumerator(v[16..]);
        while (e.MoveNext())
        {
            var p = e.Current;
            switch ((SctpParameterType)p.Type)
            {
                case SctpParameterType.StateCookie:
                    cookie = p.Value.ToArray();
                    break;
                case SctpParameterType.ForwardTsnSupported:
                    forwardTsn = true;
                    break;
                case SctpParameterType.SupportedExtensions:
                    extensions = p.Value.ToArray();
                    break;
                default:
                    if ((p.Type & 0x8000) == 0)
                    {
                        goto done;
                    }

                    break;
            }
        }

    done:
        if (e.Malformed)
        {
            consumed = 0;
            return false;
        }

        chunk = init with { StateCookie = cookie, ForwardTsnSupported = forwardTsn, SupportedExtensions = extensions };
        return true;
    }

    public int GetSize()
    {
        var size = FixedSize;
        if (StateCookie is not null)
        {
            size += SctpPacket.Pad4(4 + StateCookie.Length);
        }

        if (ForwardTsnSupported)
        {
            size += 4;
        }

        if (SupportedExtensions is not null)
        {
            size += SctpPacket.Pad4(4 + SupportedExtensions.Length);
        }

        return size;
    }

    public int Write(Span<byte> destination)
    {
        int size = GetSize();
        SctpPacket.WriteChunkHeader(destination, (byte)(IsAck ? SctpChunkType.InitAck : SctpChunkType.Init), 0, size - 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], InitialTsn);
        var offset = FixedSize;
        if (StateCookie is not null)
        {
            offset += SctpParameterEnumerator.Write(destination[offset..], (ushort)SctpParameterType.StateCookie, StateCookie);
        }

        if (ForwardTsnSupported)
        {
            offset += SctpParameterEnumerator.Write(destination[offset..], (ushort)SctpParameterType.ForwardTsnSupported, default);
        }

        if (SupportedExtensions is not null)
        {
            offset += SctpParameterEnumerator.Write(destination[offset..], (ushort)SctpParameterType.SupportedExtensions, SupportedExtensions);
        }

        return offset;
    }
}
