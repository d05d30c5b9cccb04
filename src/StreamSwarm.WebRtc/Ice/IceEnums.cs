namespace StreamSwarm.WebRtc.Ice;

/// <summary>Candidate types (RFC 8445 §5.1.1; SDP grammar RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    /// <summary>Not set.</summary>
    Unknown = 0,

    /// <summary><c>typ host</c>: an address of a local interface.</summary>
    Host,

    /// <summary><c>typ srflx</c>: the address a STUN server saw (the NAT's public side).</summary>
    ServerReflexive,

    /// <summary><c>typ prflx</c>: learned from a connectivity check.</summary>
    PeerReflexive,

    /// <summary><c>typ relay</c>: allocated on a TURN server.</summary>
    Relayed,
}

/// <summary>The agent's role (RFC 8445 §6.1.1).</summary>
public enum IceRole
{
    /// <summary>Not started.</summary>
    Unknown = 0,

    /// <summary>Nominates the pair (usually the offerer).</summary>
    Controlling,

    /// <summary>Follows the controlling agent's nomination.</summary>
    Controlled,
}

/// <summary>Connection states, named as in W3C <c>RTCIceConnectionState</c>.</summary>
public enum IceConnectionState
{
    /// <summary>Not used by a live agent.</summary>
    Unknown = 0,

    /// <summary>Created; not checking yet.</summary>
    New,

    /// <summary>Connectivity checks running; no pair selected.</summary>
    Checking,

    /// <summary>A pair is selected and carries data.</summary>
    Connected,

    /// <summary>Selected, local gathering done, remote end-of-candidates seen, no checks left.</summary>
    Completed,

    /// <summary>No response or request on the selected pair for <see cref="IceAgentOptions.DisconnectedTimeoutMs"/>; may recover.</summary>
    Disconnected,

    /// <summary>Every pair failed, or consent expired (RFC 7675). Terminal until <see cref="IceAgent.Restart"/>.</summary>
    Failed,

    /// <summary>Disposed.</summary>
    Closed,
}

/// <summary>Gathering states, as W3C <c>RTCIceGatheringState</c>.</summary>
public enum IceGatheringState
{
    /// <summary>Unused.</summary>
    Unknown = 0,

    /// <summary>Not started.</summary>
    New,

    /// <summary>Gathering.</summary>
    Gathering,

    /// <summary>All candidates gathered.</summary>
    Complete,
}

/// <summary>Which local candidates are used (W3C <c>RTCIceTransportPolicy</c>).</summary>
public enum IceTransportPolicy
{
    /// <summary>Unused.</summary>
    Unknown = 0,

    /// <summary>Host, server-reflexive and relayed.</summary>
    All,

    /// <summary>Relayed candidates only: host addresses are neither advertised nor paired.</summary>
    Relay,
}
