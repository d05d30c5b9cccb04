namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>Parameter types used by INIT/INIT ACK, HEARTBEAT and RE-CONFIG (RFC 9260 §3.3.2.1, RFC 6525 §4, RFC 3758, RFC 5061, RFC 9653).</summary>
public enum ParameterType : ushort
{
    /// <summary>Heartbeat Info (HEARTBEAT / HEARTBEAT ACK).</summary>
    HeartbeatInfo = 1,

    /// <summary>IPv4 address (ignored: no multi-homing over DTLS).</summary>
    IPv4Address = 5,

    /// <summary>IPv6 address (ignored).</summary>
    IPv6Address = 6,

    /// <summary>State Cookie (INIT ACK).</summary>
    StateCookie = 7,

    /// <summary>Unrecognized Parameter (INIT ACK), wraps the offending TLV.</summary>
    UnrecognizedParameter = 8,

    /// <summary>Cookie Preservative (ignored).</summary>
    CookiePreservative = 9,

    /// <summary>Supported Address Types (ignored).</summary>
    SupportedAddressTypes = 12,

    /// <summary>Outgoing SSN Reset Request (RFC 6525 §4.1).</summary>
    OutgoingSsnResetRequest = 13,

    /// <summary>Incoming SSN Reset Request (RFC 6525 §4.2).</summary>
    IncomingSsnResetRequest = 14,

    /// <summary>SSN/TSN Reset Request (RFC 6525 §4.3, answered Denied).</summary>
    SsnTsnResetRequest = 15,

    /// <summary>Re-configuration Response (RFC 6525 §4.4).</summary>
    ReconfigurationResponse = 16,

    /// <summary>Add Outgoing Streams Request (RFC 6525 §4.5, answered Denied).</summary>
    AddOutgoingStreamsRequest = 17,

    /// <summary>Add Incoming Streams Request (RFC 6525 §4.6, answered Denied).</summary>
    AddIncomingStreamsRequest = 18,

    /// <summary>Zero Checksum Acceptable (RFC 9653); we never offer it and skip it.</summary>
    ZeroChecksumAcceptable = 0x8001,

    /// <summary>Supported Extensions (RFC 5061 §4.2.7).</summary>
    SupportedExtensions = 0x8008,

    /// <summary>Forward-TSN-Supported (RFC 3758 §3.1).</summary>
    ForwardTsnSupported = 0xC000,
}
