using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Sctp;

namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>
/// The data-channel seam over a real <see cref="SctpAssociation"/> (RFC 8831 §6): sends map to
/// association sends with per-message reliability, association events map to handler calls.
/// Events that arrive before <see cref="SetHandler"/> (Chromium may open a channel and send data
/// the moment the association is up) are held, copied, and replayed in order.
/// </summary>
internal sealed class SctpAssociationTransport : ISctpDataChannelTransport
{
    private readonly SctpAssociation _association;
    private readonly object _gate = new();
    private readonly List<Action<IDataChannelTransportHandler>> _early = [];
    private readonly Dictionary<ushort, long> _controlBytes = [];
    private volatile IDataChannelTransportHandler? _handler;
    private bool _handlerEverSet;
    private int _closedRaised;

    private SctpAssociationTransport(SctpAssociation association, long remoteMaxMessageSize)
    {
        _association = association;
        MaxMessageSize = remoteMaxMessageSize;
        association.MessageReceived += OnMessageReceived;
        association.StreamReset += OnStreamReset;
        association.BufferedAmountDecreased += OnBufferedAmountDecreased;
        association.StateChanged += OnStateChanged;
    }

    /// <inheritdoc/>
    public long MaxMessageSize { get; }

    /// <summary>The association underneath (diagnostics and tests).</summary>
    internal SctpAssociation Association => _association;

    /// <summary>Creates the association, subscribes to it, and completes once it is Established.</summary>
    /// <exception cref="SctpConnectException">INIT timed out, the peer aborted, or the transport failed.</exception>
    public static async Task<SctpAssociationTransport> ConnectAsync(SctpConnectParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var options = OptionsFor(parameters);
        var association = new SctpAssociation(parameters.Dtls, options, parameters.LoggerFactory.CreateLogger<SctpAssociation>(), TimeProvider.System);
        var transport = new SctpAssociationTransport(association, parameters.RemoteMaxMessageSize);
        try
        {
            await association.StartAsync(cancellationToken).ConfigureAwait(false);
            return transport;
        }
        catch (SctpAssociationException ex)
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw new SctpConnectException("SCTP association failed: " + ex.Message, ex);
        }
        catch (OperationCanceledException)
        {
            await association.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Association options for a peer connection: ports from <c>a=sctp-port</c>, the peer's
    /// <c>a=max-message-size</c> as our send limit (0 means unlimited).</summary>
    internal static SctpOptions OptionsFor(SctpConnectParameters parameters) => new()
    {
        LocalPort = checked((ushort)parameters.LocalPort),
        RemotePort = checked((ushort)parameters.RemotePort),
        MaxMessageSize = parameters.RemoteMaxMessageSize is > 0 and <= int.MaxValue ? (int)parameters.RemoteMaxMessageSize : int.MaxValue,
    };

    /// <inheritdoc/>
    public bool Send(ushort streamId, DataChannelPpid ppid, ReadOnlySpan<byte> payload, in DataChannelSendOptions options)
    {
        if (ppid == DataChannelPpid.Dcep)
        {
            // DCEP bytes are not part of the channel's bufferedAmount: remember them so the
            // decrease they cause is not passed on (pion/sctp#138: DCEP ordered and reliable).
            lock (_controlBytes)
            {
                _controlBytes[streamId] = _controlBytes.GetValueOrDefault(streamId) + payload.Length;
            }

            if (_association.Send(streamId, (uint)ppid, payload))
            {
                return true;
            }

            lock (_controlBytes)
            {
                _controlBytes[streamId] -= payload.Length;
            }

            return false;
        }

        TimeSpan? lifetime = options.MaxLifetimeMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        return _association.Send(streamId, (uint)ppid, payload, options.Unordered, options.MaxRetransmits, lifetime);
    }

    /// <inheritdoc/>
    public void ResetStream(ushort streamId) => _association.ResetStreams(streamId);

    /// <inheritdoc/>
    public void SetHandler(IDataChannelTransportHandler? handler)
    {
        lock (_gate)
        {
            if (handler is not null)
            {
                foreach (var action in _early)
                {
                    action(handler);
                }

                _early.Clear();
                _handlerEverSet = true;
            }

            _handler = handler;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _association.DisposeAsync().ConfigureAwait(false);
        RaiseClosed();
    }

    private void OnMessageReceived(ushort streamId, uint ppid, ReadOnlyMemory<byte> data)
    {
        if (_handler is { } handler)
        {
            handler.OnMessage(streamId, ppid, data.Span);
            return;
        }

        var copy = data.ToArray();
        Dispatch(h => h.OnMessage(streamId, ppid, copy));
    }

    private void OnStreamReset(ushort streamId) => Dispatch(h => h.OnIncomingStreamReset(streamId));

    private void OnBufferedAmountDecreased(ushort streamId, long bytes)
    {
        lock (_controlBytes)
        {
            if (_controlBytes.TryGetValue(streamId, out var control))
            {
                var taken = Math.Min(control, bytes);
                bytes -= taken;
                if (control == taken)
                {
                    _controlBytes.Remove(streamId);
                }
                else
                {
                    _controlBytes[streamId] = control - taken;
                }
            }
        }

        if (bytes > 0)
        {
            Dispatch(h => h.OnBufferedAmountDecreased(streamId, bytes));
        }
    }

    private void OnStateChanged(SctpAssociationState state)
    {
        if (state == SctpAssociationState.Closed)
        {
            RaiseClosed();
        }
    }

    private void RaiseClosed()
    {
        if (Interlocked.Exchange(ref _closedRaised, 1) == 0)
        {
            Dispatch(h => h.OnTransportClosed());
        }
    }

    private void Dispatch(Action<IDataChannelTransportHandler> action)
    {
        var handler = _handler;
        if (handler is null)
        {
            lock (_gate)
            {
                handler = _handler;
                if (handler is null)
                {
                    if (!_handlerEverSet)
                    {
                        _early.Add(action);
                    }

                    return;
                }
            }
        }

        action(handler);
    }
}
