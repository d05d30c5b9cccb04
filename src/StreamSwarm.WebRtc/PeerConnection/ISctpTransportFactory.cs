using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>
/// How the facade obtains the SCTP association for data channels once DTLS is up (RFC 8261):
/// the peer connection owns ICE, DTLS and DCEP and asks this factory for the layer in between.
/// </summary>
public interface ISctpTransportFactory
{
    /// <summary>Associates over <paramref name="dtls"/>; completes when data channels can be opened.</summary>
    /// <exception cref="SctpConnectException">The association could not be established.</exception>
    Task<ISctpDataChannelTransport> ConnectAsync(SctpConnectParameters parameters, CancellationToken cancellationToken);
}

/// <summary>An established association as data channels see it.</summary>
public interface ISctpDataChannelTransport : IDataChannelTransport, IAsyncDisposable
{
}

/// <summary>What the association needs from the peer connection.</summary>
/// <param name="Dtls">The DTLS transport carrying SCTP packets.</param>
/// <param name="Role">Our DTLS role (both sides still send INIT: libwebrtc does, whatever the role).</param>
/// <param name="LocalPort">Our <c>a=sctp-port</c>.</param>
/// <param name="RemotePort">The peer's <c>a=sctp-port</c>.</param>
/// <param name="RemoteMaxMessageSize">The peer's <c>a=max-message-size</c> (0 = unlimited).</param>
/// <param name="LoggerFactory">Logging.</param>
public sealed record SctpConnectParameters(
    IDatagramTransport Dtls,
    DtlsRole Role,
    int LocalPort,
    int RemotePort,
    long RemoteMaxMessageSize,
    ILoggerFactory LoggerFactory);
