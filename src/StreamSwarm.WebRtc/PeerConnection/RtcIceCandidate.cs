namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>
/// W3C <c>RTCIceCandidateInit</c>: <see cref="Candidate"/> is the attribute value
/// (<c>candidate:…</c>); an empty string means end-of-candidates (RFC 8838 §4.4).
/// </summary>
/// <param name="Candidate">The candidate attribute, or empty for end-of-candidates.</param>
/// <param name="SdpMid">The media section's mid.</param>
/// <param name="SdpMLineIndex">The media section's index.</param>
public sealed record RtcIceCandidate(string Candidate, string? SdpMid = "0", int? SdpMLineIndex = 0)
{
    /// <summary>True for the end-of-candidates marker.</summary>
    public bool IsEndOfCandidates => Candidate.Length == 0;
}
