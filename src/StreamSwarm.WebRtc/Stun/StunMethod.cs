namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// STUN methods (RFC 8489 §18.2 "STUN Methods Registry", RFC 8656 §17 for the TURN methods).
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Unknown = 0 (reserved by RFC 8489 §18.2).</summary>
    Unknown = 0x000,

    /// <summary>Binding (RFC 8489 §18.2).</summary>
    Binding = 0x001,

    /// <summary>Allocate (RFC 8656 §17).</summary>
    Allocate = 0x003,

    /// <summary>Refresh (RFC 8656 §17).</summary>
    Refresh = 0x004,

    /// <summary>Send (RFC 8656 §17), indication only.</summary>
    Send = 0x006,

    /// <summary>Data (RFC 8656 §17), indication only.</summary>
    Data = 0x007,

    /// <summary>CreatePermission (RFC 8656 §17).</summary>
    CreatePermission = 0x008,

    /// <summary>ChannelBind (RFC 8656 §17).</summary>
    ChannelBind = 0x009,
}
