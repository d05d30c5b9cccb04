namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>The default <see cref="ISctpTransportFactory"/>: a managed <see cref="Sctp.SctpAssociation"/> over DTLS.</summary>
public sealed class SctpAssociationTransportFactory : ISctpTransportFactory
{
    /// <summary>The shared instance (the factory has no state).</summary>
    public static readonly SctpAssociationTransportFactory Instance = new();

    /// <inheritdoc/>
    public async Task<ISctpDataChannelTransport> ConnectAsync(SctpConnectParameters parameters, CancellationToken cancellationToken) =>
        await SctpAssociationTransport.ConnectAsync(parameters, cancellationToken).ConfigureAwait(false);
}
