using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>Parameter types used by data channels (RFC 9260 §3.3.2.1, RFC 3758, RFC 5061, RFC 6525, RFC 9653).</summary>
internal enum SctpParameterType : ushort
{
    HeartbeatInfo = 1,
    StateCookie = 7,
    UnrecognizedParameter = 8,
    OutgoingSsnResetRequest = 13,
    IncomingSsnResetRequest = 14,
    SsnTsnResetRequest = 15,
    ReconfigurationResponse = 16,
    AddOutgoingStreamsRequest = 17,
    AddIncomingStreamsRequest = 18,
    ZeroChecksumAcceptable = 0x8001,
    SupportedExtensions = 0x8008,
    ForwardTsnSupported = 0xC000,
}

/// <summary>A TLV parameter found in a chunk value (RFC 9260 §3.2.1), without padding.</summary>
internal readonly ref struct SctpParameterView
{
    public SctpParameterView(ushort type, ReadOnlySpan<byte> parameter)
    {
        Type = type;
        Parameter = parameter;
    }

    public ushort Type { get; }

    /// <summary>The whole parameter including its 4-byte header.</summary>
    public ReadOnlySpan<byte> Parameter { get; }

    public ReadOnlySpan<byte> Value => Parameter[4..];
}

/// <summary>Iterates TLV parameters; sets <see cref="Malformed"/> and stops on a bad length.</summary>
internal ref struct SctpParameterEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public SctpParameterEnumerator(ReadOnlySpan<byte> parameters)
    {
        _rest = parameters;
        Current = default;
        Malformed = false;
    }

    public SctpParameterView Current { get; private set; }

    public bool Malformed { get; private set; }

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        int length = _rest.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]) : 0;
        if (length < 4 || length > _rest.Length)
        {
            Malformed = true;
            _rest = default;
            return false;
        }

        Current = new SctpParameterView(BinaryPrimitives.ReadUInt16BigEndian(_rest), _rest[..length]);
        _rest = _rest[Math.Min(SctpPacket.Pad4(length), _rest.Length)..];
        return true;
    }

    /// <summary>Writes a parameter header plus value and padding; returns the padded size.</summary>
    public static int Write(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(4 + value.Length));
        value.CopyTo(destination[4..]);
        int padded = SctpPacket.Pad4(4 + value.Length);
        destination[(4 + value.Length)..padded].Clear();
        return padded;
    }
}
