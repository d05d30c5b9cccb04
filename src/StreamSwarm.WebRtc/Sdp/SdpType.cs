namespace StreamSwarm.WebRtc.Sdp;

/// <summary>The kind of a session description (<c>RTCSdpType</c>, RFC 8829 §4.1.10).</summary>
public enum SdpType
{
    /// <summary>Not set.</summary>
    Unknown = 0,

    /// <summary>An offer.</summary>
    Offer,

    /// <summary>A provisional answer (treated as an answer).</summary>
    Pranswer,

    /// <summary>A final answer.</summary>
    Answer,

    /// <summary>Return to the last stable state.</summary>
    Rollback,
}
