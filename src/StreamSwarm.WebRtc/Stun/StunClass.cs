namespace StreamSwarm.WebRtc.Stun;

/// <summary>The two class bits C1 C0 of a STUN message type (RFC 8489 §5).</summary>
public enum StunClass : byte
{
    /// <summary>0b00: request.</summary>
    Request = 0b00,

    /// <summary>0b01: indication.</summary>
    Indication = 0b01,

    /// <summary>0b10: success response.</summary>
    SuccessResponse = 0b10,

    /// <summary>0b11: error response.</summary>
    ErrorResponse = 0b11,
}
