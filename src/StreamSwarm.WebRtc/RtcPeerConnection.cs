using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.WebRtc;

/// <summary>
/// A data-channel-only peer connection shaped like the browser's <c>RTCPeerConnection</c>
/// (W3C webrtc-pc): offer/answer with trickle ICE, then ICE (RFC 8445) → DTLS 1.2 (RFC 6347,
/// RFC 8827) → SCTP (RFC 9260, RFC 8261) → DCEP (RFC 8832). Events are raised on internal threads;
/// handlers must not block.
/// </summary>
public sealed partial class RtcPeerConnection : IAsyncDisposable
{
    /// <summary>SCTP port we announce and use (RFC 8841 §5.2; every browser uses 5000).</summary>
    public const int SctpPort = 5000;

    private readonly RtcConfiguration _configuration;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly List<RtcDataChannel> _pendingChannels = [];
    private readonly List<string> _pendingRemoteCandidates = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly string _sessionId;
    private ulong _sessionVersion = 1;
    private IceAgent? _ice;
    private DtlsTransport? _dtls;
    private readonly ISctpTransportFactory _sctpFactory;
    private ISctpDataChannelTransport? _sctp;
    private DataChannelRouter? _router;
    private DataChannelDescription? _remote;
    private string? _localMid;
    private Task _transports = Task.CompletedTask;
    private Task _closeTask = Task.CompletedTask;
    private RtcPeerConnectionState _connectionState = RtcPeerConnectionState.New;
    private RtcSignalingState _signalingState = RtcSignalingState.Stable;
    private bool _closed;

    /// <summary>
    /// Creates a connection whose data channels run over the managed SCTP association
    /// (<see cref="SctpAssociationTransportFactory"/>); nothing touches the network until a description is set.
    /// </summary>
    /// <param name="configuration">ICE servers, loopback, certificate; defaults when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public RtcPeerConnection(RtcConfiguration? configuration = null, ILoggerFactory? loggerFactory = null)
        : this(configuration, SctpAssociationTransportFactory.Instance, loggerFactory)
    {
    }

    /// <summary>Creates a connection; nothing touches the network until a description is set.</summary>
    /// <param name="configuration">ICE servers, loopback, certificate; defaults when null.</param>
    /// <param name="sctpFactory">Supplies the SCTP association once DTLS is connected.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public RtcPeerConnection(RtcConfiguration? configuration, ISctpTransportFactory sctpFactory, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(sctpFactory);
        _sctpFactory = sctpFactory;
        _configuration = configuration ?? new RtcConfiguration();
        _configuration.Validate();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RtcPeerConnection>();
        Certificate = _configuration.Certificate ?? DtlsCertificate.Generate();
        _sessionId = ((ulong)Random.Shared.NextInt64(1, long.MaxValue)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A local candidate to signal to the peer; an empty <see cref="RtcIceCandidate.Candidate"/> ends them.</summary>
    public event Action<RtcIceCandidate>? IceCandidate;

    /// <summary>Raised when <see cref="ConnectionState"/> changes.</summary>
    public event Action<RtcPeerConnectionState>? ConnectionStateChanged;

    /// <summary>Raised when <see cref="IceConnectionState"/> changes.</summary>
    public event Action<IceConnectionState>? IceConnectionStateChanged;

    /// <summary>Raised when <see cref="SignalingState"/> changes.</summary>
    public event Action<RtcSignalingState>? SignalingStateChanged;

    /// <summary>A channel the peer opened in-band (DCEP).</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>Our DTLS certificate (its fingerprint is in our SDP).</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>Combined ICE and DTLS state.</summary>
    public RtcPeerConnectionState ConnectionState
    {
        get
        {
            lock (_gate)
            {
                return _connectionState;
            }
        }
    }

    /// <summary>ICE agent state; <see cref="IceConnectionState.New"/> before a description is set.</summary>
    public IceConnectionState IceConnectionState => _closed ? IceConnectionState.Closed : _ice?.State ?? IceConnectionState.New;

    /// <summary>Where the offer/answer exchange is.</summary>
    public RtcSignalingState SignalingState
    {
        get
        {
            lock (_gate)
            {
                return _signalingState;
            }
        }
    }

    /// <summary>The last description passed to <see cref="SetLocalDescriptionAsync"/>.</summary>
    public RtcSessionDescription? LocalDescription { get; private set; }

    /// <summary>The last description passed to <see cref="SetRemoteDescriptionAsync"/>.</summary>
    public RtcSessionDescription? RemoteDescription { get; private set; }

    /// <summary>Our DTLS role once decided.</summary>
    public DtlsRole DtlsRole { get; private set; }

    /// <summary>The DTLS transport once created (diagnostics).</summary>
    public DtlsTransport? Dtls => _dtls;

    /// <summary>The SCTP association once established (diagnostics and tests).</summary>
    internal Sctp.SctpAssociation? SctpAssociation => (_sctp as SctpAssociationTransport)?.Association;

    /// <summary>The selected ICE pair, when there is one.</summary>
    public IceCandidatePairInfo? SelectedCandidatePair => _ice?.SelectedPair;

    /// <summary>Largest message the peer accepts (<c>a=max-message-size</c>), 0 before the remote description.</summary>
    public long RemoteMaxMessageSize => _remote?.MaxMessageSize ?? 0;

    /// <summary>
    /// Creates a data channel (W3C §6.2). Before the SCTP association is up the channel waits in
    /// <see cref="RtcDataChannelState.Connecting"/>; its id follows the DTLS role unless given.
    /// </summary>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? options = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        options ??= new RtcDataChannelInit();
        options.Validate();
        ObjectDisposedException.ThrowIf(_closed, this);
        DataChannelRouter? router;
        lock (_gate)
        {
            router = _router;
            if (router is null)
            {
                var pending = new RtcDataChannel(label, options);
                _pendingChannels.Add(pending);
                return pending;
            }
        }

        return router.CreateChannel(label, options);
    }

    /// <summary>Closes channels, SCTP, DTLS (close_notify) and ICE. Idempotent.</summary>
    public void Close()
    {
        RtcDataChannel[] pending;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _signalingState = RtcSignalingState.Closed;
            pending = [.. _pendingChannels];
            _pendingChannels.Clear();
        }

        _closing.Cancel();
        foreach (var channel in pending)
        {
            channel.SetClosed();
        }

        _router?.CloseAll();
        // On the thread pool: DTLS close calls into BouncyCastle, which can block; the caller of
        // Close (often an event handler or a dispose with a bounded wait) must not.
        _closeTask = Task.Run(CloseTransportsAsync);
        SetConnectionState(RtcPeerConnectionState.Closed);
    }

    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Close();
        try
        {
            // Disposal must end even if a layer misses its cancellation (seen intermittently in
            // tests that stop a connection mid-handshake); what is still running is abandoned to
            // its own timeouts and logged.
            await Task.WhenAll(_closeTask, _transports).WaitAsync(DisposeTimeout).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // closed while connecting
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Peer connection transports did not stop within {TimeoutMs} ms of close", DisposeTimeout.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is IceException or DtlsHandshakeException or SctpConnectException or ObjectDisposedException)
        {
            // the connect task's failure was already reported through the connection state
        }

        _closing.Dispose();
    }

    private async Task CloseTransportsAsync()
    {
        var sctp = _sctp;
        if (sctp is not null)
        {
            await sctp.DisposeAsync().ConfigureAwait(false);
        }

        var dtls = _dtls;
        if (dtls is not null)
        {
            await dtls.DisposeAsync().ConfigureAwait(false);
        }

        var ice = _ice;
        if (ice is not null)
        {
            await ice.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void SetConnectionState(RtcPeerConnectionState state)
    {
        lock (_gate)
        {
            if (_connectionState == state || (_connectionState == RtcPeerConnectionState.Closed))
            {
                return;
            }

            _connectionState = state;
        }

        _logger.LogDebug("Peer connection {State}", state);
        ConnectionStateChanged?.Invoke(state);
    }

    private void UpdateConnectionState()
    {
        if (_closed)
        {
            return;
        }

        var ice = _ice?.State ?? IceConnectionState.New;
        var dtls = _dtls?.State ?? DtlsState.Unknown;
        var state = (ice, dtls) switch
        {
            (IceConnectionState.Failed, _) or (_, DtlsState.Failed) => RtcPeerConnectionState.Failed,
            (_, DtlsState.Closed) => RtcPeerConnectionState.Closed,
            (IceConnectionState.Disconnected, _) => RtcPeerConnectionState.Disconnected,
            (IceConnectionState.Connected or IceConnectionState.Completed, DtlsState.Connected) => RtcPeerConnectionState.Connected,
            (IceConnectionState.New, DtlsState.Unknown) => RtcPeerConnectionState.New,
            _ => RtcPeerConnectionState.Connecting,
        };
        SetConnectionState(state);
    }
}
