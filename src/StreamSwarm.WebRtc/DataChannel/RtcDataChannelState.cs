namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>W3C <c>RTCDataChannelState</c>.</summary>
public enum RtcDataChannelState
{
    /// <summary>Unused.</summary>
    Unknown = 0,

    /// <summary>Created; waiting for the SCTP association.</summary>
    Connecting,

    /// <summary>Messages can be sent and received.</summary>
    Open,

    /// <summary>Close requested; waiting for the peer's stream reset.</summary>
    Closing,

    /// <summary>Closed.</summary>
    Closed,
}
