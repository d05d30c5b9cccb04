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
/// <para>
/// During the handshake the records BouncyCastle sends one by one are packed into as few datagrams
/// as the send limit allows, and sent when it turns to receiving (the end of its flight) or when
/// the handshake ends. A flight then travels in one datagram, as BoringSSL sends it: it is lost or
/// arrives whole. Sent record by record, the loss of one record could wedge the handshake: when a
/// client's CertificateVerify was lost but the ChangeCipherSpec behind it arrived, BouncyCastle's
/// server switched its read epoch and discarded every retransmitted (epoch 0) CertificateVerify
/// until the handshake timed out (seen through the lossy relay, ~8 % of set-ups at 5 % loss).
/// </para>
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
    private readonly object _sendGate = new();
    private bool _closed;

    /// <summary>Records of the current flight not yet sent; null once the handshake has ended.</summary>
    private byte[]? _flight = new byte[DefaultSendLimit];
    private int _flightLength;

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
        FlushFlight();
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
        if (Volatile.Read(ref _closed))
        {
            return;
        }

        if (Volatile.Read(ref _flight) is null)
        {
            // After the handshake (every SCTP packet): straight down, no lock.
            _lower.Send(buffer);
            return;
        }

        lock (_sendGate)
        {
            if (_flight is null || buffer.Length > _flight.Length)
            {
                FlushFlightLocked();
                _lower.Send(buffer);
                return;
            }

            if (_flightLength + buffer.Length > Math.Min(_flight.Length, GetSendLimit()))
            {
                FlushFlightLocked();
            }

            buffer.CopyTo(_flight.AsSpan(_flightLength));
            _flightLength += buffer.Length;
        }
    }

    /// <summary>The handshake is over (either way): sends what is left of the last flight and stops packing.</summary>
    public void EndHandshake()
    {
        lock (_sendGate)
        {
            FlushFlightLocked();
            Volatile.Write(ref _flight, null);
        }
    }

    private void FlushFlight()
    {
        if (Volatile.Read(ref _flightLength) == 0)
        {
            return;
        }

        lock (_sendGate)
        {
            FlushFlightLocked();
        }
    }

    private void FlushFlightLocked()
    {
        if (_flight is null || _flightLength == 0)
        {
            return;
        }

        var length = _flightLength;
        _flightLength = 0;
        if (!Volatile.Read(ref _closed))
        {
            _lower.Send(_flight.AsSpan(0, length));
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
