using StreamSwarm.WebRtc.Dtls;

namespace StreamSwarm.WebRtc.Sdp;

/// <summary>
/// The parts of a session description that a data-channel-only peer uses (RFC 8841, RFC 8839,
/// RFC 8842): one <c>m=application … UDP/DTLS/SCTP webrtc-datachannel</c> section.
/// </summary>
public sealed record DataChannelDescription
{
    /// <summary>Default and maximum message size we announce and assume (Chromium uses 262144).</summary>
    public const int DefaultMaxMessageSize = 262_144;

    /// <summary>RFC 8841 §5: what to assume when the peer omits <c>a=max-message-size</c>.</summary>
    public const int ImpliedMaxMessageSize = 65_536;

    /// <summary><c>o=</c> session id (decimal digits).</summary>
    public string SessionId { get; init; } = "0";

    /// <summary><c>o=</c> session version.</summary>
    public ulong SessionVersion { get; init; }

    /// <summary>The data section's <c>a=mid</c> (Chromium uses <c>0</c>).</summary>
    public string Mid { get; init; } = "0";

    /// <summary><c>a=ice-ufrag</c> (4–256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary><c>a=ice-pwd</c> (22–256 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary>Whether <c>a=ice-options</c> includes <c>trickle</c>.</summary>
    public bool IceTrickle { get; init; } = true;

    /// <summary>Whether the peer is ICE-lite (<c>a=ice-lite</c>).</summary>
    public bool IceLite { get; init; }

    /// <summary>The <c>sha-256</c> certificate fingerprint.</summary>
    public required DtlsFingerprint Fingerprint { get; init; }

    /// <summary><c>a=setup</c>.</summary>
    public SdpSetup Setup { get; init; } = SdpSetup.ActPass;

    /// <summary><c>a=sctp-port</c> (RFC 8841 §5.2), 5000 by default.</summary>
    public int SctpPort { get; init; } = 5000;

    /// <summary><c>a=max-message-size</c>; 0 means "no limit" (RFC 8841 §6.1).</summary>
    public long MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>Candidates (the attribute value, <c>candidate:…</c>) in the order they appeared.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Whether <c>a=end-of-candidates</c> was present (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>Media sections we do not implement, in order; their positions around the data section are not kept.</summary>
    public IReadOnlyList<SdpIgnoredMedia> IgnoredMedia { get; init; } = [];

    /// <summary>Index of the data section among all media sections (answers keep the offer's order).</summary>
    public int DataSectionIndex { get; init; }
}
