using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.WebRtc.Dtls;

namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>
/// The data channels of one SCTP association: DCEP (RFC 8832) open/ack, stream-id allocation by
/// DTLS role parity (client even, server odd, §4), routing of user messages by stream id and
/// closing by stream reset (RFC 8831 §6.7). Bad input from the peer is dropped and logged.
/// </summary>
public sealed class DataChannelRouter : IDataChannelTransportHandler
{
    private const ushort MaxStreamId = 65534;

    private readonly Dictionary<ushort, RtcDataChannel> _channels = [];
    private readonly HashSet<ushort> _closingStreams = [];
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private bool _closed;

    /// <summary>Creates the router and registers it as the transport's handler.</summary>
    /// <param name="transport">The association.</param>
    /// <param name="role">Our DTLS role (stream-id parity).</param>
    /// <param name="logger">Logging.</param>
    /// <param name="channelOpened">
    /// Subscribed to <see cref="ChannelOpened"/> before the router becomes the handler: a transport
    /// may replay a DCEP OPEN that arrived before the router existed from inside this constructor.
    /// </param>
    public DataChannelRouter(IDataChannelTransport transport, DtlsRole role, ILogger? logger = null, Action<RtcDataChannel>? channelOpened = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (role is not (DtlsRole.Client or DtlsRole.Server))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "the DTLS role decides stream-id parity");
        }

        Transport = transport;
        Role = role;
        _logger = logger ?? NullLogger.Instance;
        ChannelOpened += channelOpened;
        transport.SetHandler(this);
    }

    /// <summary>A channel opened by the peer with DCEP (raised after our ACK is queued).</summary>
    public event Action<RtcDataChannel>? ChannelOpened;

    /// <summary>Our DTLS role.</summary>
    public DtlsRole Role { get; }

    /// <summary>Open or opening channels.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _channels.Count;
            }
        }
    }

    internal IDataChannelTransport Transport { get; }

    internal long MaxMessageSize => Transport.MaxMessageSize;

    /// <summary>Creates a channel on this association.</summary>
    public RtcDataChannel CreateChannel(string label, RtcDataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        init ??= new RtcDataChannelInit();
        init.Validate();
        var channel = new RtcDataChannel(label, init);
        Open(channel);
        return channel;
    }

    /// <summary>
    /// Opens a channel created before the association existed: picks its id by parity when it has
    /// none, sends DCEP OPEN unless negotiated, and marks it open.
    /// </summary>
    /// <exception cref="InvalidOperationException">No stream id is free, or the id is taken.</exception>
    public void Open(RtcDataChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.ReadyState != RtcDataChannelState.Connecting)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException("the SCTP association is closed");
            }

            var id = channel.Id ?? AllocateId();
            if (!_channels.TryAdd(id, channel))
            {
                throw new InvalidOperationException($"stream id {id} is already in use");
            }

            channel.Id = id;
            channel.Attach(this);
        }

        if (!channel.Negotiated)
        {
            var open = new DcepOpenMessage(channel.Init.ChannelType, 0, channel.Init.Reliability, channel.Label, channel.Protocol);
            var size = open.GetSize();
            var bytes = size <= 512 ? stackalloc byte[size] : new byte[size];
            open.Write(bytes);
            Transport.Send(channel.Id!.Value, DataChannelPpid.Dcep, bytes, DataChannelSendOptions.Reliable);
        }
        else
        {
            channel.Acknowledged = true;
        }

        channel.SetOpen();
    }

    /// <summary>Closes every channel (the association is going away).</summary>
    public void CloseAll()
    {
        RtcDataChannel[] channels;
        lock (_gate)
        {
            _closed = true;
            channels = [.. _channels.Values];
            _channels.Clear();
        }

        foreach (var c in channels)
        {
            c.SetClosed();
        }
    }

    /// <inheritdoc/>
    public void OnMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        if (ppid == (uint)DataChannelPpid.Dcep)
        {
            OnDcep(streamId, payload);
            return;
        }

        RtcDataChannel? channel;
        lock (_gate)
        {
            _channels.TryGetValue(streamId, out channel);
        }

        if (channel is null || channel.ReadyState is not (RtcDataChannelState.Open or RtcDataChannelState.Closing))
        {
            _logger.LogDebug("Dropped a message on stream {StreamId} with no open channel", streamId);
            return;
        }

        // RFC 8832 §6: data before the ACK means the peer got the OPEN.
        channel.Acknowledged = true;
        RtcDataChannelMessage message;
        switch ((DataChannelPpid)ppid)
        {
            case DataChannelPpid.String or DataChannelPpid.StringPartial:
                message = new RtcDataChannelMessage(true, payload.ToArray());
                break;
            case DataChannelPpid.Binary or DataChannelPpid.BinaryPartial:
                message = new RtcDataChannelMessage(false, payload.ToArray());
                break;
            case DataChannelPpid.StringEmpty:
                message = new RtcDataChannelMessage(true, []);
                break;
            case DataChannelPpid.BinaryEmpty:
                message = new RtcDataChannelMessage(false, []);
                break;
            default:
                _logger.LogDebug("Dropped a message with unknown PPID {Ppid} on stream {StreamId}", ppid, streamId);
                return;
        }

        channel.Deliver(message);
    }

    /// <inheritdoc/>
    public void OnIncomingStreamReset(ushort streamId)
    {
        RtcDataChannel? channel;
        bool weStarted;
        lock (_gate)
        {
            _channels.Remove(streamId, out channel);
            weStarted = _closingStreams.Remove(streamId);
        }

        if (channel is null)
        {
            return;
        }

        // The peer closed (or answered our close): reset our side too unless we already did.
        if (!weStarted)
        {
            Transport.ResetStream(streamId);
        }

        channel.SetClosed();
    }

    /// <inheritdoc/>
    public void OnBufferedAmountDecreased(ushort streamId, long bytes)
    {
        RtcDataChannel? channel;
        lock (_gate)
        {
            _channels.TryGetValue(streamId, out channel);
        }

        channel?.OnSent(bytes);
    }

    /// <inheritdoc/>
    public void OnTransportClosed() => CloseAll();

    internal void RequestClose(RtcDataChannel channel)
    {
        lock (_gate)
        {
            _closingStreams.Add(channel.Id!.Value);
        }

        Transport.ResetStream(channel.Id!.Value);
    }

    private void OnDcep(ushort streamId, ReadOnlySpan<byte> payload)
    {
        if (DcepAckMessage.TryRead(payload, out _))
        {
            lock (_gate)
            {
                if (_channels.TryGetValue(streamId, out var acked))
                {
                    acked.Acknowledged = true;
                }
            }

            return;
        }

        if (!DcepOpenMessage.TryRead(payload, out var open, out _))
        {
            _logger.LogInformation("Dropped a malformed DCEP message on stream {StreamId}", streamId);
            return;
        }

        // RFC 8832 §4: the peer opens on its own parity; an OPEN on ours is a protocol error.
        var ours = (streamId % 2 == 0) == (Role == DtlsRole.Client);
        RtcDataChannel? channel = null;
        lock (_gate)
        {
            if (ours || streamId > MaxStreamId || _channels.ContainsKey(streamId) || _closed)
            {
                _logger.LogInformation("Refused DCEP OPEN '{Label}' on stream {StreamId} (wrong parity or in use)", open.Label, streamId);
            }
            else
            {
                channel = new RtcDataChannel(open.Label, RtcDataChannelInit.FromOpen(open, streamId)) { Acknowledged = true };
                channel.Attach(this);
                _channels.Add(streamId, channel);
            }
        }

        if (channel is null)
        {
            if (ours)
            {
                Transport.ResetStream(streamId);
            }

            return;
        }

        Span<byte> ack = stackalloc byte[DcepAckMessage.Size];
        DcepAckMessage.Write(ack);
        Transport.Send(streamId, DataChannelPpid.Dcep, ack, DataChannelSendOptions.Reliable);
        channel.SetOpen();
        ChannelOpened?.Invoke(channel);
    }

    private ushort AllocateId()
    {
        var first = Role == DtlsRole.Client ? 0 : 1;
        for (var id = first; id <= MaxStreamId; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("no free stream id of our parity");
    }
}
