using System.Net;

namespace StreamSwarm.WebRtc.Ice.Turn;

/// <summary>
/// A TURN server over UDP with long-term credentials (RFC 8656 §3, RFC 8489 §9.2).
/// </summary>
/// <param name="EndPoint">Server address (an IP; resolve names before).</param>
/// <param name="Username">Long-term username.</param>
/// <param name="Password">Long-term password, already SASLprep/OpaqueString-prepared.</param>
public sealed record TurnServerOptions(IPEndPoint EndPoint, string Username, string Password)
{
    /// <summary>LIFETIME asked for in Allocate and Refresh (RFC 8656 §7.2). Default 600 s.</summary>
    public int RequestedLifetimeSeconds { get; init; } = 600;

    /// <summary>First retransmission timeout of a request; doubles per retransmission. Default 250 ms.</summary>
    public int RequestInitialRtoMs { get; init; } = 250;

    /// <summary>Transmissions of one request before it times out. Default 6.</summary>
    public int RequestMaxTransmissions { get; init; } = 6;
}
