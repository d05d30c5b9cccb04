using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.PeerConnection;
using DtlsTransport = StreamSwarm.WebRtc.Dtls.DtlsTransport;

namespace StreamSwarm.WebRtc;

/// <summary>The layer pipeline once both descriptions are known: ICE → DTLS → SCTP → DCEP.</summary>
public sealed partial class RtcPeerConnection
{
    private void StartTransports(IceAgent ice, DtlsRole role, IceRole iceRole)
    {
        var remote = _remote ?? throw new InvalidOperationException("no remote description");
        lock (_gate)
        {
            if (_dtls is not null)
            {
                return;
            }

            DtlsRole = role;

            // Created before ICE connects so DTLS records arriving on a pair the peer already
            // validated are buffered, not lost (the peer may finish ICE first).
            _dtls = new DtlsTransport(ice.Transport, Certificate, role, remote.Fingerprint, _configuration.Dtls, _loggerFactory.CreateLogger<DtlsTransport>());
        }

        _dtls.StateChanged += _ => UpdateConnectionState();
        _transports = RunTransportsAsync(ice, _dtls, iceRole, remote.SctpPort, remote.MaxMessageSize);
    }

    private async Task RunTransportsAsync(IceAgent ice, DtlsTransport dtls, IceRole iceRole, int remoteSctpPort, long remoteMaxMessageSize)
    {
        var ct = _closing.Token;
        try
        {
            await ice.StartAsync(iceRole, ct).ConfigureAwait(false);
            UpdateConnectionState();
            await ice.ConnectAsync(ct).ConfigureAwait(false);
            await dtls.ConnectAsync(ct).ConfigureAwait(false);
            UpdateConnectionState();
            var sctp = await _sctpFactory.ConnectAsync(
                new SctpConnectParameters(dtls, dtls.Role, SctpPort, remoteSctpPort, remoteMaxMessageSize, _loggerFactory), ct).ConfigureAwait(false);
            _sctp = sctp;
            var router = new DataChannelRouter(sctp, dtls.Role, _loggerFactory.CreateLogger<DataChannelRouter>(), c => DataChannel?.Invoke(c));
            RtcDataChannel[] pending;
            lock (_gate)
            {
                if (_closed)
                {
                    router.CloseAll();
                    return;
                }

                _router = router;
                pending = [.. _pendingChannels];
                _pendingChannels.Clear();
            }

            foreach (var channel in pending)
            {
                router.Open(channel);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IceException or DtlsHandshakeException or SctpConnectException or ObjectDisposedException)
        {
            if (!_closed)
            {
                _logger.LogInformation("Peer connection failed: {Reason}", ex.Message);
                RtcDataChannel[] pending;
                lock (_gate)
                {
                    pending = [.. _pendingChannels];
                    _pendingChannels.Clear();
                }

                foreach (var channel in pending)
                {
                    channel.SetClosed();
                }

                SetConnectionState(RtcPeerConnectionState.Failed);
            }
        }
    }
}
