using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>W3C <c>RTCSessionDescriptionInit</c>: a type and the SDP text.</summary>
/// <param name="Type">Offer or answer.</param>
/// <param name="Sdp">The SDP text.</param>
public sealed record RtcSessionDescription(SdpType Type, string Sdp);
