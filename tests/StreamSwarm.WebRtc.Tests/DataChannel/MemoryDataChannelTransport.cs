using StreamSwarm.WebRtc.DataChannel;

namespace StreamSwarm.WebRtc.Tests.DataChannel;

/// <summary>Two in-memory SCTP stand-ins; messages are delivered synchronously and count as sent at once.</summary>
internal sealed class MemoryDataChannelTransport : IDataChannelTransport
{
    private IDataChannelTransportHandler? _handler;

    public MemoryDataChannelTransport? Peer { get; set; }

    public long MaxMessageSize { get; set; } = 262_144;

    public bool HoldSentNotifications { get; set; }

    public List<(ushort Stream, DataChannelPpid Ppid, byte[] Payload, DataChannelSendOptions Options)> Sent { get; } = [];

    public List<ushort> Resets { get; } = [];

    public bool Closed { get; set; }

    public static (MemoryDataChannelTransport A, MemoryDataChannelTransport B) CreatePair()
    {
        var a = new MemoryDataChannelTransport();
        var b = new MemoryDataChannelTransport { Peer = a };
        a.Peer = b;
        return (a, b);
    }

    public bool Send(ushort streamId, DataChannelPpid ppid, ReadOnlySpan<byte> payload, in DataChannelSendOptions options)
    {
        if (Closed)
        {
            return false;
        }

        Sent.Add((streamId, ppid, payload.ToArray(), options));
        Peer?._handler?.OnMessage(streamId, (uint)ppid, payload);
        if (!HoldSentNotifications && ppid != DataChannelPpid.Dcep)
        {
            _handler?.OnBufferedAmountDecreased(streamId, payload.Length);
        }

        return true;
    }

    public void Release(ushort streamId, long bytes) => _handler?.OnBufferedAmountDecreased(streamId, bytes);

    public void ResetStream(ushort streamId)
    {
        Resets.Add(streamId);
        Peer?._handler?.OnIncomingStreamReset(streamId);
    }

    /// <summary>Runs inside <see cref="SetHandler"/>, like a transport replaying messages that arrived before the handler.</summary>
    public Action<IDataChannelTransportHandler>? WhenHandlerSet { get; set; }

    public void SetHandler(IDataChannelTransportHandler? handler)
    {
        _handler = handler;
        if (handler is not null)
        {
            WhenHandlerSet?.Invoke(handler);
        }
    }

    public void Inject(ushort streamId, uint ppid, byte[] payload) => _handler?.OnMessage(streamId, ppid, payload);
}
