using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>
/// The <see cref="IDatagramTransport"/> of an <see cref="IceAgent"/>: sends go to the selected
/// pair; received non-STUN datagrams go to the receiver, one call at a time, or are buffered
/// (bounded, oldest kept) while there is none — DTLS from Chromium may arrive before the layer
/// above is ready.
/// </summary>
internal sealed class IceTransport : IDatagramTransport
{
    private readonly IceAgent _agent;
    private readonly int _maxBuffered;
    private readonly Lock _gate = new();
    private readonly Queue<byte[]> _buffered = new();
    private DatagramReceiver? _receiver;
    private bool _closed;

    public IceTransport(IceAgent agent, int maxDatagramSize, int maxBuffered)
    {
        _agent = agent;
        MaxDatagramSize = maxDatagramSize;
        _maxBuffered = maxBuffered;
    }

    public int MaxDatagramSize { get; }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        if (!_closed)
        {
            _agent.SendData(datagram);
        }
    }

    public void SetReceiver(DatagramReceiver? receiver)
    {
        lock (_gate)
        {
            if (receiver is not null)
            {
                while (_buffered.TryDequeue(out var datagram))
                {
                    receiver(datagram);
                }
            }

            _receiver = receiver;
        }
    }

    internal void Deliver(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_receiver is { } receiver)
            {
                receiver(datagram);
            }
            else if (_buffered.Count < _maxBuffered)
            {
                _buffered.Enqueue(datagram.ToArray());
            }
        }
    }

    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _receiver = null;
            _buffered.Clear();
        }
    }
}
