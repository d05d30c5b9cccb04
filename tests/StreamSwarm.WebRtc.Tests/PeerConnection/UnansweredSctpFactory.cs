using StreamSwarm.WebRtc.PeerConnection;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>An SCTP factory that never associates: for tests of the layers below SCTP (ICE, DTLS, states).</summary>
internal sealed class UnansweredSctpFactory : ISctpTransportFactory
{
    public static readonly UnansweredSctpFactory Instance = new();

    public async Task<ISctpDataChannelTransport> ConnectAsync(SctpConnectParameters parameters, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new SctpConnectException("cancelled");
    }
}
