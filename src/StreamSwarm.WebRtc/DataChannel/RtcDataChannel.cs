using System.Buffers;
using System.Text;

namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>
/// A WebRTC data channel (RFC 8831, W3C <c>RTCDataChannel</c>). Events are raised on the SCTP
/// association's thread; handlers should not block it. Sending is thread-safe and never blocks:
/// pace with <see cref="BufferedAmount"/> and <see cref="BufferedAmountLow"/>.
/// </summary>
public sealed class RtcDataChannel
{
    private readonly object _gate = new();
    private DataChannelRouter? _router;
    private long _bufferedAmount;
    private int _state = (int)RtcDataChannelState.Connecting;

    internal RtcDataChannel(string label, RtcDataChannelInit init)
    {
        Label = label;
        Init = init;
        Id = init.Id;
    }

    /// <summary>Raised when the channel becomes open.</summary>
    public event Action<RtcDataChannel>? Opened;

    /// <summary>Raised for each received message.</summary>
    public event Action<RtcDataChannel, RtcDataChannelMessage>? MessageReceived;

    /// <summary>Raised when <see cref="BufferedAmount"/> falls to or below <see cref="BufferedAmountLowThreshold"/>.</summary>
    public event Action<RtcDataChannel>? BufferedAmountLow;

    /// <summary>Raised once when the channel is closed.</summary>
    public event Action<RtcDataChannel>? Closed;

    /// <summary>The label.</summary>
    public string Label { get; }

    /// <summary>The sub-protocol.</summary>
    public string Protocol => Init.Protocol;

    /// <summary>SCTP stream id; null until the DTLS role is known for an in-band channel.</summary>
    public ushort? Id { get; internal set; }

    /// <summary>Whether messages arrive in order.</summary>
    public bool Ordered => Init.Ordered;

    /// <summary>Retransmission limit, or null.</summary>
    public int? MaxRetransmits => Init.MaxRetransmits;

    /// <summary>Lifetime limit in ms, or null.</summary>
    public int? MaxPacketLifeTimeMs => Init.MaxPacketLifeTimeMs;

    /// <summary>Negotiated out of band (no DCEP).</summary>
    public bool Negotiated => Init.Negotiated;

    /// <summary>Current state.</summary>
    public RtcDataChannelState ReadyState => (RtcDataChannelState)Volatile.Read(ref _state);

    /// <summary>Bytes passed to <c>Send</c> that SCTP has not yet sent and had acknowledged.</summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedAmount);

    /// <summary>Threshold for <see cref="BufferedAmountLow"/>. Default 0.</summary>
    public long BufferedAmountLowThreshold { get; set; }

    internal RtcDataChannelInit Init { get; }

    /// <summary>Whether the peer has acknowledged our OPEN (or sent data, which implies it).</summary>
    internal bool Acknowledged { get; set; }

    /// <summary>Sends a UTF-8 string (PPID 51; an empty string is PPID 56 with one 0x00 byte).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open.</exception>
    /// <exception cref="ArgumentException">Larger than the peer's max-message-size.</exception>
    public void Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            SendCore(DataChannelPpid.StringEmpty, [0], 0);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(text, buffer);
            SendCore(DataChannelPpid.String, buffer.AsSpan(0, length), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends binary data (PPID 53; empty is PPID 57 with one 0x00 byte).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open.</exception>
    /// <exception cref="ArgumentException">Larger than the peer's max-message-size.</exception>
    public void Send(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            SendCore(DataChannelPpid.BinaryEmpty, [0], 0);
            return;
        }

        SendCore(DataChannelPpid.Binary, data, data.Length);
    }

    /// <summary>Closes the channel: resets our outgoing stream (RFC 8831 §6.7); closed once the peer resets its side.</summary>
    public void Close()
    {
        var router = _router;
        var previous = (RtcDataChannelState)Interlocked.CompareExchange(ref _state, (int)RtcDataChannelState.Closing, (int)RtcDataChannelState.Open);
        if (previous == RtcDataChannelState.Open && router is not null)
        {
            router.RequestClose(this);
        }
        else if (previous == RtcDataChannelState.Connecting)
        {
            SetClosed();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Label}#{Id} {ReadyState}";

    internal void Attach(DataChannelRouter router) => _router = router;

    internal void SetOpen()
    {
        if (Interlocked.CompareExchange(ref _state, (int)RtcDataChannelState.Open, (int)RtcDataChannelState.Connecting) == (int)RtcDataChannelState.Connecting)
        {
            Opened?.Invoke(this);
        }
    }

    internal void SetClosed()
    {
        var previous = (RtcDataChannelState)Interlocked.Exchange(ref _state, (int)RtcDataChannelState.Closed);
        if (previous != RtcDataChannelState.Closed)
        {
            Closed?.Invoke(this);
        }
    }

    internal void Deliver(RtcDataChannelMessage message) => MessageReceived?.Invoke(this, message);

    internal void OnSent(long bytes)
    {
        var threshold = BufferedAmountLowThreshold;
        var after = Interlocked.Add(ref _bufferedAmount, -bytes);
        if (after + bytes > threshold && after <= threshold)
        {
            BufferedAmountLow?.Invoke(this);
        }
    }

    private void SendCore(DataChannelPpid ppid, ReadOnlySpan<byte> payload, int userBytes)
    {
        var router = _router;
        if (ReadyState != RtcDataChannelState.Open || router is null || Id is not { } id)
        {
            throw new InvalidOperationException($"data channel '{Label}' is {ReadyState}, not open");
        }

        var max = router.MaxMessageSize;
        if (max > 0 && userBytes > max)
        {
            throw new ArgumentException($"message of {userBytes} bytes exceeds the peer's max-message-size {max}");
        }

        // RFC 8832 §6: until the ACK arrives, send ordered so data cannot overtake the OPEN.
        var options = new DataChannelSendOptions(!Init.Ordered && Acknowledged, Init.MaxRetransmits, Init.MaxPacketLifeTimeMs);
        Interlocked.Add(ref _bufferedAmount, payload.Length);
        lock (_gate)
        {
            if (!router.Transport.Send(id, ppid, payload, options))
            {
                Interlocked.Add(ref _bufferedAmount, -payload.Length);
                throw new InvalidOperationException($"data channel '{Label}': the SCTP association is closed");
            }
        }
    }
}
