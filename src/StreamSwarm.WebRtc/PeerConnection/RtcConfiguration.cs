using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;

namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>Configuration of an <see cref="RtcPeerConnection"/> (W3C <c>RTCConfiguration</c> plus test knobs).</summary>
public sealed record RtcConfiguration
{
    /// <summary>STUN/TURN servers. Default none (host candidates only).</summary>
    public IReadOnlyList<RtcIceServer> IceServers { get; init; } = [];

    /// <summary>Relay-only or all candidates. Default <see cref="IceTransportPolicy.All"/>.</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>Gather only 127.0.0.1 (tests, benches, Chromium on the same host). Default false.</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>Gather IPv6 host candidates. Default true (ignored with <see cref="LoopbackOnly"/>: IPv4 only).</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>Certificate to reuse across connections (like <c>RTCCertificate</c>). Default null: one is generated per connection.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>DTLS knobs. Default <see cref="DtlsTransportOptions"/>'s defaults.</summary>
    public DtlsTransportOptions Dtls { get; init; } = new();

    /// <summary>Our <c>a=max-message-size</c>. Default 262144 (what Chromium announces).</summary>
    public int MaxMessageSize { get; init; } = Sdp.DataChannelDescription.DefaultMaxMessageSize;

    /// <summary>Throws <see cref="ArgumentException"/> on a bad value.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(IceServers);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 1024);
        Dtls.Validate();
        foreach (var server in IceServers)
        {
            if (server.Urls.Count == 0)
            {
                throw new ArgumentException("an ICE server needs at least one URL");
            }
        }
    }
}
