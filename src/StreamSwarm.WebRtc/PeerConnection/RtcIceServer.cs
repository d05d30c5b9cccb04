namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>A STUN or TURN server (W3C <c>RTCIceServer</c>): <c>stun:host[:port]</c>, <c>turn:host[:port][?transport=udp]</c>.</summary>
/// <param name="Urls">One or more URLs (RFC 7064, RFC 7065).</param>
/// <param name="Username">TURN username; null for STUN.</param>
/// <param name="Credential">TURN password; null for STUN.</param>
public sealed record RtcIceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null)
{
    /// <summary>Creates a server with one URL.</summary>
    public RtcIceServer(string url, string? username = null, string? credential = null)
        : this([url], username, credential)
    {
    }
}
