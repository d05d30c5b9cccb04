using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>
/// The <see cref="IDatagramTransport"/> of an <see cref="IceAgent"/>: sends go to the selected
/// pair; received non-STUN datagrams go to the receiver, one call at a time, or are buffered
/// (bounded, oldest kept) while there is none — DTLS from Chromium may arrive before the layer
/// above is ready.
/// <para>
/// Two locks: <c>_deliverGate</c> orders deliveries (buffered ones replayed before live ones) and is
/// held while the receiver runs; <c>_gate</c> guards the state and is never held across a call out.
/// Detaching (<c>SetReceiver(null)</c>, <see cref="Close"/>) takes only <c>_gate</c>, so a layer above
/// may detach while holding its own lock even though its receiver takes that same lock: the DTLS
/// adapter does exactly that, and with one lock for both the ICE receive loop and a closing DTLS
/// transport waited for each other forever (the interop suite's intermittent idle hang).
/// After a detach returns, a delivery already in progress may still reach the old receiver once.
/// </para>
/// </summary>
internal sealed class IceTransport : IDatagramTransport
{
    private readonly IceAgent _agent;
    private readonly int _maxBuffered;
    private readonly Lock _gate = new();
    private readonly Lock _deliverGate = new();
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
        if (receiver is null)
        {
            lock (_gate)
            {
                _receiver = null;
            }

            return;
        }

        lock (_deliverGate)
        {
            while (true)
            {
                byte[]? datagram;
                lock (_gate)
                {
                    if (_closed || !_buffered.TryDequeue(out datagram))
                    {
                        _receiver = _closed ? null : receiver;
                        return;
                    }
                }

                receiver(datagram);
            }
        }
    }

    internal void Deliver(ReadOnlySpan<byte> datagram)
    {
        lock (_deliverGate)
        {
            DatagramReceiver? receiver;
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                receiver = _receiver;
                if (receiver is null)
                {
                    if (_buffered.Count < _maxBuffered)
                    {
                        _buffered.Enqueue(datagram.ToArray());
                    }

                    return;
                }
            }

            receiver(datagram);
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
