using System.Buffers;
using Org.BouncyCastle.Tls;
using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>
/// Presents our push-style <see cref="IDatagramTransport"/> (ICE's selected pair) as BouncyCastle's
/// pull-style <see cref="DatagramTransport"/>: datagrams from below are copied into pooled buffers
/// and parked in a bounded queue that BouncyCastle's blocking <c>Receive</c> drains. Datagrams that
/// arrive before the handshake starts are kept (the peer may be faster than our ICE state), and
/// datagrams beyond the bound are dropped like a full socket buffer would.
/// </summary>
internal sealed class BcDatagramAdapter : DatagramTransport
{
    /// <summary>RFC 8261 §5: keep DTLS records inside a 1280-byte IPv6 path with UDP/IP headers.</summary>
    internal const int DefaultSendLimit = 1200;

    private const int ReceiveLimitBytes = 1500;

    private readonly IDatagramTransport _lower;
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly int _capacity;
    private readonly object _gate = new();
    private bool _closed;

    public BcDatagramAdapter(IDatagramTransport lower, int capacity)
    {
        _lower = lower;
        _capacity = capacity;
        lower.SetReceiver(OnDatagram);
    }

    public int Dropped { get; private set; }

    public int GetReceiveLimit() => ReceiveLimitBytes;

    public int GetSendLimit() => Math.Min(DefaultSendLimit, _lower.MaxDatagramSize);

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            if (_queue.Count == 0 && !_closed && waitMillis > 0)
            {
                Monitor.Wait(_gate, waitMillis);
            }

            if (_queue.Count == 0)
            {
                if (_closed)
                {
                    throw new TlsFatalAlert(AlertDescription.close_notify, "transport closed");
                }

                return -1;
            }

            item = _queue.Dequeue();
        }

        var n = Math.Min(item.Length, buffer.Length);
        item.Buffer.AsSpan(0, n).CopyTo(buffer);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return n;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!Volatile.Read(ref _closed))
        {
            _lower.Send(buffer);
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.Count > 0)
            {
                ArrayPool<byte>.Shared.Return(_queue.Dequeue().Buffer);
            }

            Monitor.PulseAll(_gate);
        }

        // Outside our lock: the layer below may be inside OnDatagram, waiting for it (lock order
        // is always lower layer → adapter, never the reverse).
        _lower.SetReceiver(null);
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        // RFC 7983 §7: only records with a first byte of 20..63 are DTLS; the mux below should have
        // filtered already, this keeps stray STUN out of BouncyCastle's record parser.
        if (datagram.Length == 0 || datagram[0] < 20 || datagram[0] > 63)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed || _queue.Count >= _capacity)
            {
                Dropped++;
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            _queue.Enqueue((buffer, datagram.Length));
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
    }
}
