using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using StreamSwarm.WebRtc.Transport;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;
using DatagramReceiver = StreamSwarm.WebRtc.Transport.DatagramReceiver;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>
/// DTLS 1.2 (RFC 6347) over ICE's selected pair, carrying SCTP (RFC 8261). The handshake and the
/// decrypt loop run on one dedicated thread because BouncyCastle's DTLS API blocks; decrypted
/// datagrams are handed to the receiver set by SCTP on that thread, from one reused buffer.
/// The peer is authenticated only by its certificate fingerprint from the remote SDP (RFC 8827 §6.5).
/// </summary>
public sealed class DtlsTransport : IDatagramTransport, IAsyncDisposable
{
    private const int ReceivePollMs = 250;

    private readonly IDatagramTransport _lower;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly DtlsTransportOptions _options;
    private readonly ILogger _logger;
    private readonly BcDatagramAdapter _adapter;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _sendGate = new();
    private DatagramReceiver? _receiver;
    private BcDtlsTransport? _dtls;
    private Thread? _thread;
    private DtlsPeerCredentials? _credentials;
    private volatile bool _closing;
    private int _closeStarted;
    private int _state;

    /// <summary>Creates the transport and starts buffering DTLS records from <paramref name="lower"/>.</summary>
    public DtlsTransport(
        IDatagramTransport lower,
        DtlsCertificate certificate,
        DtlsRole role,
        DtlsFingerprint remoteFingerprint,
        DtlsTransportOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        if (role is not (DtlsRole.Client or DtlsRole.Server))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "DTLS role must be client or server");
        }

        _options = options ?? new DtlsTransportOptions();
        _options.Validate();
        _lower = lower;
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _logger = logger ?? NullLogger.Instance;
        Role = role;
        _adapter = new BcDatagramAdapter(lower, _options.ReceiveQueueCapacity);
    }

    /// <summary>Raised (on the DTLS thread) when <see cref="State"/> changes.</summary>
    public event Action<DtlsState>? StateChanged;

    /// <summary>Our handshake role.</summary>
    public DtlsRole Role { get; }

    /// <summary>Current state.</summary>
    public DtlsState State => (DtlsState)Volatile.Read(ref _state);

    /// <summary>Why the transport failed, when it did.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The negotiated cipher suite (IANA number), 0 before the handshake.</summary>
    public int CipherSuite { get; private set; }

    /// <summary>Records dropped because the receive queue was full.</summary>
    public int DroppedDatagrams => _adapter.Dropped;

    /// <inheritdoc/>
    public int MaxDatagramSize => _dtls?.GetSendLimit() ?? (BcDatagramAdapter.DefaultSendLimit - 29);

    /// <summary>Starts the handshake; the task completes when the peer is authenticated.</summary>
    /// <exception cref="DtlsHandshakeException">The handshake failed or the fingerprint did not match.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, (int)DtlsState.Connecting, (int)DtlsState.Unknown) != (int)DtlsState.Unknown)
        {
            return _connected.Task;
        }

        StateChanged?.Invoke(DtlsState.Connecting);
        _thread = new Thread(Run) { IsBackground = true, Name = $"dtls-{Role}" };
        _thread.Start();
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => Close());
            _ = _connected.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return _connected.Task;
    }

    /// <inheritdoc/>
    public void Send(ReadOnlySpan<byte> datagram)
    {
        var dtls = _dtls;
        if (dtls is null || State != DtlsState.Connected)
        {
            return;
        }

        lock (_sendGate)
        {
            try
            {
                dtls.Send(datagram);
            }
            catch (TlsFatalAlert ex)
            {
                // Sending on a transport the peer just failed: datagram semantics, drop it.
                _logger.LogDebug(ex, "DTLS send dropped");
            }
            catch (IOException ex)
            {
                _logger.LogDebug(ex, "DTLS send dropped");
            }
        }
    }

    /// <inheritdoc/>
    public void SetReceiver(DatagramReceiver? receiver) => _receiver = receiver;

    /// <summary>Sends close_notify (when connected) and stops the decrypt loop. Never blocks on the
    /// peer or on the layer below; idempotent.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        _closing = true;
        var dtls = _dtls;
        if (dtls is not null && State == DtlsState.Connected)
        {
            CloseQuietly(dtls);
        }

        _adapter.Close();
        var handshakePending = State is DtlsState.Unknown or DtlsState.Connecting;
        if (handshakePending)
        {
            FailureReason ??= "closed before the handshake completed";
        }

        // State first, then the task: whoever awaits ConnectAsync must see Closed when it resumes.
        SetState(DtlsState.Closed);
        if (handshakePending)
        {
            _connected.TrySetException(new DtlsHandshakeException(FailureReason!));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Close();
        var thread = _thread;
        if (thread is not null && thread != Thread.CurrentThread)
        {
            await Task.Run(() => thread.Join(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        }
    }

    private void Run()
    {
        var crypto = new DtlsTlsCrypto();
        _credentials = new DtlsPeerCredentials(crypto, _certificate, _remoteFingerprint);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            BcDtlsTransport dtls;
            if (Role == DtlsRole.Server)
            {
                // No HelloVerifyRequest cookie: BouncyCastle's DtlsVerifier rejects Chromium's
                // fragmented ClientHello, and ICE connectivity checks already proved the path (str0m#809).
                var server = new DtlsServerPeer(crypto, _credentials, _options.HandshakeTimeoutMs);
                dtls = new DtlsServerProtocol().Accept(server, _adapter);
                CipherSuite = server.SelectedCipherSuite;
            }
            else
            {
                var client = new DtlsClientPeer(crypto, _credentials, _options.HandshakeTimeoutMs);
                dtls = new DtlsClientProtocol().Connect(client, _adapter);
                CipherSuite = client.SelectedCipherSuite;
            }

            _adapter.EndHandshake();
            if (!_credentials.PeerCertificateVerified)
            {
                throw new TlsFatalAlert(AlertDescription.certificate_required, "peer certificate was not checked");
            }

            _dtls = dtls;
            _logger.LogDebug(
                "DTLS {Role} connected in {ElapsedMs} ms, suite 0x{Suite:X4}",
                Role,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                CipherSuite);
        }
        catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException or ArgumentException)
        {
            _adapter.EndHandshake(); // the alert BouncyCastle sent, if any, goes out
            FailureReason = _credentials.FailureReason ?? (_closing ? "closed before the handshake completed" : ex.Message);
            _logger.LogInformation("DTLS {Role} handshake failed: {Reason}", Role, FailureReason);
            _adapter.Close();
            SetState(_closing ? DtlsState.Closed : DtlsState.Failed);
            _connected.TrySetException(new DtlsHandshakeException(FailureReason, ex));
            return;
        }

        if (_closing)
        {
            // Close ran while the handshake finished: it saw no connection to close, so close it here.
            CloseQuietly(_dtls);
            SetState(DtlsState.Closed);
            _connected.TrySetException(new DtlsHandshakeException("closed before the handshake completed"));
            return;
        }

        SetState(DtlsState.Connected);
        _connected.TrySetResult();
        ReceiveLoop(_dtls);
    }

    private void ReceiveLoop(BcDtlsTransport dtls)
    {
        var buffer = new byte[dtls.GetReceiveLimit()];
        while (!_closing)
        {
            int n;
            try
            {
                n = dtls.Receive(buffer, 0, buffer.Length, ReceivePollMs);
            }
            catch (Exception ex) when (ex is TlsException or IOException or InvalidOperationException)
            {
                if (!_closing)
                {
                    FailureReason = _credentials?.CloseNotifyReceived == true ? null : ex.Message;
                    _logger.LogDebug(ex, "DTLS receive loop ended");
                }

                break;
            }

            if (n > 0)
            {
                _receiver?.Invoke(buffer.AsSpan(0, n));
            }
            else if (_credentials?.CloseNotifyReceived == true)
            {
                break;
            }
        }

        var failed = FailureReason is not null && !_closing;
        _closing = true;
        _adapter.Close();
        SetState(failed ? DtlsState.Failed : DtlsState.Closed);
    }

    private void CloseQuietly(BcDtlsTransport dtls)
    {
        lock (_sendGate)
        {
            try
            {
                dtls.Close();
            }
            catch (IOException ex)
            {
                _logger.LogDebug(ex, "DTLS close_notify not sent");
            }
        }
    }

    private void SetState(DtlsState state)
    {
        var previous = (DtlsState)Interlocked.Exchange(ref _state, (int)state);
        if (previous != state && previous is not (DtlsState.Closed or DtlsState.Failed))
        {
            StateChanged?.Invoke(state);
        }
        else if (previous is DtlsState.Closed or DtlsState.Failed)
        {
            Volatile.Write(ref _state, (int)previous);
        }
    }
}
