using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// An SCTP association for WebRTC data channels (RFC 9260 as profiled by RFC 8261/8831): one peer,
/// no multi-homing, PR-SCTP (RFC 3758) and stream reset (RFC 6525). SCTP packets are the datagrams
/// of <see cref="IDatagramTransport"/> (DTLS).
/// <para>
/// All protocol work runs on one loop fed by a channel (received packets, user sends, timer ticks);
/// the public methods only enqueue and are safe from any thread. Events are raised on that loop:
/// handlers must be quick and must not block.
/// </para>
/// <code>
/// await using var sctp = new SctpAssociation(dtls, new SctpOptions(), logger, TimeProvider.System);
/// sctp.MessageReceived += (stream, ppid, data) => Handle(data.Span); // copy if kept
/// await sctp.StartAsync(ct);              // both peers may call this: INIT collision is handled
/// sctp.Send(1, 53, payload);              // ordered, reliable
/// sctp.Send(3, 53, payload, unordered: true, maxRetransmits: 0);
/// await sctp.ShutdownAsync(ct);
/// </code>
/// </summary>
public sealed partial class SctpAssociation : IAsyncDisposable
{
    private const ushort AnnouncedStreams = 65535;

    private readonly IDatagramTransport _transport;
    private readonly SctpOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly ConcurrentDictionary<ushort, StreamSendBuffer> _sendBuffers = new();
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _mtu;

    /// <summary>Loop-thread counters for tests and diagnostics (read them when the loop is idle).</summary>
    internal SctpCounters Counters { get; } = new();
    private volatile bool _acceptingSends = true;
    private volatile SctpAssociationState _state;
    private bool _terminated;

    /// <summary>Creates the association and starts its loop; nothing is sent until <see cref="StartAsync"/>
    /// or until a peer's INIT arrives (the passive side answers without calling StartAsync).</summary>
    public SctpAssociation(IDatagramTransport transport, SctpOptions options, ILogger logger, TimeProvider time)
        : this(transport, options, logger, time, runLoop: true)
    {
    }

    /// <summary>With <paramref name="runLoop"/> false, tests drive the loop with <see cref="ProcessPendingWork"/>.</summary>
    internal SctpAssociation(IDatagramTransport transport, SctpOptions options, ILogger logger, TimeProvider time, bool runLoop)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _transport = transport;
        _options = options;
        _logger = logger;
        _time = time;
        _mtu = Math.Min(options.MaxPacketSize, transport.MaxDatagramSize);
        _out = new PacketBuilder(transport, _mtu, options.LocalPort, options.RemotePort);
        _localTag = RandomNonZeroUInt32();
        _myInitialTsn = options.InitialTsn ?? RandomNonZeroUInt32();
        _nextTsn = _myInitialTsn;
        _nextUnsentTsn = _myInitialTsn;
        _lastCumAck = _myInitialTsn - 1;
        _reconfigRequestSeq = _myInitialTsn;
        RandomNumberGenerator.Fill(_cookieKey);
        _cookieHmac = new HMACSHA256(_cookieKey);
        _rto = options.RtoInitial;
        _cwnd = Math.Min(4 * _mtu, Math.Max(2 * _mtu, 4380));
        _ssthresh = options.ReceiveWindow;
        _timer = time.CreateTimer(static s => ((SctpAssociation)s!).OnTimerFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _reassembly = new ReassemblyQueue(DeliverMessage);
        transport.SetReceiver(OnDatagram);
        _loop = runLoop ? Task.Run(RunLoopAsync) : Task.CompletedTask;
    }

    /// <summary>A whole user message arrived. The memory is pooled: valid only during the call, copy to keep.</summary>
    public event Action<ushort, uint, ReadOnlyMemory<byte>>? MessageReceived;

    /// <summary>The buffered amount of a stream fell to or below its threshold (see <see cref="SetBufferedAmountLowThreshold"/>).</summary>
    public event Action<ushort>? BufferedAmountLow;

    /// <summary>Bytes of a stream left the send queue (handed to the network, or dropped as expired/abandoned before sending).</summary>
    public event Action<ushort, long>? BufferedAmountDecreased;

    /// <summary>The peer reset its outgoing side of a stream (it closed the data channel), RFC 6525 §5.2.2.</summary>
    public event Action<ushort>? StreamReset;

    /// <summary>The peer confirmed the reset of our outgoing side of a stream requested with <see cref="ResetStreams"/>.</summary>
    public event Action<ushort>? OutgoingStreamResetCompleted;

    /// <summary>The state changed; raised on the association loop.</summary>
    public event Action<SctpAssociationState>? StateChanged;

    public SctpAssociationState State => _state;

    /// <summary>Largest message <see cref="Send"/> accepts (<see cref="SctpOptions.MaxMessageSize"/>).</summary>
    public int MaxMessageSize => _options.MaxMessageSize;

    /// <summary>Sends INIT (unless the peer already started) and completes when Established; faults with
    /// <see cref="SctpAssociationException"/> on ABORT or after <see cref="SctpOptions.MaxInitRetransmits"/>.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Enqueue(new WorkItem(WorkKind.Start));
        return _established.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues one message (copied). False when the association is closing or closed, or the message is
    /// empty or larger than <see cref="MaxMessageSize"/>. <paramref name="maxRetransmits"/> and
    /// <paramref name="lifetime"/> make it partially reliable when the peer supports FORWARD-TSN.
    /// </summary>
    public bool Send(ushort streamId, uint ppid, ReadOnlySpan<byte> message, bool unordered = false, int? maxRetransmits = null, TimeSpan? lifetime = null)
    {
        if (!_acceptingSends || message.IsEmpty || message.Length > _options.MaxMessageSize || maxRetransmits < 0)
        {
            return false;
        }

        DateTimeOffset? expires = lifetime is { } l ? _time.GetUtcNow() + l : null;
        var outgoing = new OutgoingMessage(streamId, ppid, message, unordered, maxRetransmits, expires);
        Interlocked.Add(ref GetSendBuffer(streamId).Amount, message.Length);
        if (!_work.Writer.TryWrite(new WorkItem(WorkKind.Send, Message: outgoing)))
        {
            Interlocked.Add(ref GetSendBuffer(streamId).Amount, -message.Length);
            outgoing.Release();
            return false;
        }

        return true;
    }

    /// <summary>Bytes queued on <paramref name="streamId"/> and not yet handed to the network.</summary>
    public long GetBufferedAmount(ushort streamId) =>
        _sendBuffers.TryGetValue(streamId, out var b) ? Interlocked.Read(ref b.Amount) : 0;

    /// <summary>Sets the threshold for <see cref="BufferedAmountLow"/> (default 0).</summary>
    public void SetBufferedAmountLowThreshold(ushort streamId, long threshold) =>
        Interlocked.Exchange(ref GetSendBuffer(streamId).LowThreshold, threshold);

    /// <summary>Resets our outgoing side of the streams (RFC 6525 §5.1.2) once their queued messages are sent.</summary>
    public void ResetStreams(params ushort[] streamIds)
    {
        ArgumentNullException.ThrowIfNull(streamIds);
        Enqueue(new WorkItem(WorkKind.ResetStreams, Arg: streamIds.ToArray()));
    }

    /// <summary>Graceful SHUTDOWN (RFC 9260 §9.2) after queued data is acked; completes when Closed.</summary>
    public Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _acceptingSends = false;
        Enqueue(new WorkItem(WorkKind.Shutdown));
        return _closed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sends ABORT with a User-Initiated Abort cause carrying <paramref name="reason"/> and closes.</summary>
    public void Abort(string reason)
    {
        _acceptingSends = false;
        Enqueue(new WorkItem(WorkKind.Abort, Arg: reason));
    }

    /// <summary>Aborts if still open, stops the loop and detaches from the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        _acceptingSends = false;
        Enqueue(new WorkItem(WorkKind.Abort, Arg: "disposed"));
        _work.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        ProcessPendingWork();
        _transport.SetReceiver(null);
        await _timer.DisposeAsync().ConfigureAwait(false);
        _cookieHmac.Dispose();
    }

    /// <summary>Runs every queued work item on the caller's thread; the number processed.</summary>
    internal int ProcessPendingWork()
    {
        var n = 0;
        while (_work.Reader.TryRead(out var item))
        {
            n++;
            try
            {
                Handle(item);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogError(ex, "SCTP: failure handling {Kind}", item.Kind);
            }
            finally
            {
                if (item.Buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(item.Buffer);
                }
            }
        }

        if (n > 0 && !_terminated)
        {
            try
            {
                Flush();
                RearmTimer();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The send path itself failed (e.g. the transport threw): close without trying to send ABORT.
                _logger.LogError(ex, "SCTP: failure sending; closing");
                Terminate(new SctpAssociationException("SCTP association failed while sending.", ex));
            }
        }

        return n;
    }

    private async Task RunLoopAsync()
    {
        while (await _work.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            ProcessPendingWork();
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < SctpPacketHeader.Size || _terminated)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        if (!_work.Writer.TryWrite(new WorkItem(WorkKind.Packet, buffer, datagram.Length)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Enqueue(WorkItem item) => _work.Writer.TryWrite(item);

    private void Handle(in WorkItem item)
    {
        switch (item.Kind)
        {
            case WorkKind.Packet:
                HandlePacket(item.Buffer.AsSpan(0, item.Length));
                break;
            case WorkKind.Send:
                EnqueueMessage(item.Message!);
                break;
            case WorkKind.Timer:
                HandleTimers();
                break;
            case WorkKind.Start:
                HandleStart();
                break;
            case WorkKind.ResetStreams:
                HandleResetStreamsRequest((ushort[])item.Arg!);
                break;
            case WorkKind.Shutdown:
                HandleShutdownRequest();
                break;
            case WorkKind.Abort:
                AbortWithCause((string)item.Arg!);
                break;
        }
    }

    private void SetState(SctpAssociationState state)
    {
        if (_state == state)
        {
            return;
        }

        _logger.LogDebug("SCTP: {From} -> {To}", _state, state);
        _state = state;
        StateChanged?.Invoke(state);
    }

    /// <summary>Ends the association: timers stop, pending tasks complete (or fault with <paramref name="error"/>).</summary>
    private void Terminate(Exception? error)
    {
        if (_terminated)
        {
            return;
        }

        _terminated = true;
        _acceptingSends = false;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        SetState(SctpAssociationState.Closed);
        ReleaseSendState();
        if (error is null)
        {
            _established.TrySetException(new SctpAssociationException("The association closed before it was established."));
            _closed.TrySetResult();
        }
        else
        {
            _established.TrySetException(error);
            _closed.TrySetException(error);
        }
    }

    private void DeliverMessage(ushort streamId, uint ppid, ReadOnlyMemory<byte> data)
    {
        try
        {
            MessageReceived?.Invoke(streamId, ppid, data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A handler bug must not leave reassembly half-updated.
            _logger.LogError(ex, "SCTP: MessageReceived handler threw (stream {StreamId})", streamId);
        }
    }

    private StreamSendBuffer GetSendBuffer(ushort streamId) => _sendBuffers.GetOrAdd(streamId, static _ => new StreamSendBuffer());

    /// <summary>Called on the loop when bytes of a stream left the send queue.</summary>
    private void OnBytesSent(ushort streamId, int bytes)
    {
        var buffer = GetSendBuffer(streamId);
        long after = Interlocked.Add(ref buffer.Amount, -bytes);
        BufferedAmountDecreased?.Invoke(streamId, bytes);
        long threshold = Interlocked.Read(ref buffer.LowThreshold);
        if (after <= threshold && after + bytes > threshold)
        {
            BufferedAmountLow?.Invoke(streamId);
        }
    }

    private static uint RandomNonZeroUInt32()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do
        {
            RandomNumberGenerator.Fill(b);
            v = BitConverter.ToUInt32(b);
        }
        while (v == 0);
        return v;
    }

    private enum WorkKind : byte
    {
        Packet,
        Send,
        Timer,
        Start,
        ResetStreams,
        Shutdown,
        Abort,
    }

    private readonly record struct WorkItem(WorkKind Kind, byte[]? Buffer = null, int Length = 0, OutgoingMessage? Message = null, object? Arg = null);

    internal sealed class SctpCounters
    {
        public long FastRetransmits { get; set; }

        public long T3Expiries { get; set; }

        public long Retransmissions { get; set; }

        public long ForwardTsnsSent { get; set; }

        public override string ToString() =>
            $"fast retransmits {FastRetransmits}, T3 expiries {T3Expiries}, retransmitted chunks {Retransmissions}, FORWARD-TSNs {ForwardTsnsSent}";
    }

    private sealed class StreamSendBuffer
    {
#pragma warning disable SA1401, CA1051 // Interlocked needs fields.
        public long Amount;
        public long LowThreshold;
#pragma warning restore SA1401, CA1051
    }
}
