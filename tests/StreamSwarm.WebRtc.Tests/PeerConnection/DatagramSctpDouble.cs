using System.Buffers.Binary;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.PeerConnection;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>
/// A stand-in for the SCTP association in facade tests: messages are cut into DTLS-sized fragments
/// and reassembled, with no retransmission (loopback does not lose small bursts), so the facade's
/// signalling, ICE, DTLS and DCEP wiring can be tested on its own.
/// </summary>
internal sealed class DatagramSctpDouble : ISctpTransportFactory
{
    public static readonly DatagramSctpDouble Factory = new();

    public async Task<ISctpDataChannelTransport> ConnectAsync(SctpConnectParameters parameters, CancellationToken cancellationToken)
    {
        var t = new Transport(parameters);
        await t.HandshakeAsync(cancellationToken);
        return t;
    }

    private sealed class Transport : ISctpDataChannelTransport
    {
        private const byte Hello = 1;
        private const byte Fragment = 2;
        private const byte Reset = 3;
        private const int Header = 1 + 2 + 4 + 4 + 4 + 4;

        private readonly SctpConnectParameters _p;
        private readonly object _gate = new();
        private readonly Dictionary<uint, (ushort Stream, uint Ppid, byte[] Data, int Got)> _partial = [];
        private readonly List<Action<IDataChannelTransportHandler>> _early = [];
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IDataChannelTransportHandler? _handler;
        private bool _seenPeer;
        private uint _nextMessage;
        private bool _closed;

        public Transport(SctpConnectParameters p)
        {
            _p = p;
            p.Dtls.SetReceiver(OnDatagram);
        }

        public long MaxMessageSize => _p.RemoteMaxMessageSize;

        public async Task HandshakeAsync(CancellationToken ct)
        {
            while (!_connected.Task.IsCompleted)
            {
                SendHello();
                await Task.WhenAny(_connected.Task, Task.Delay(50, ct));
                ct.ThrowIfCancellationRequested();
            }
        }

        public bool Send(ushort streamId, DataChannelPpid ppid, ReadOnlySpan<byte> payload, in DataChannelSendOptions options)
        {
            if (_closed)
            {
                return false;
            }

            var id = Interlocked.Increment(ref _nextMessage);
            var chunk = _p.Dtls.MaxDatagramSize - Header;
            Span<byte> packet = stackalloc byte[_p.Dtls.MaxDatagramSize];
            var offset = 0;
            do
            {
                var n = Math.Min(chunk, payload.Length - offset);
                packet[0] = Fragment;
                BinaryPrimitives.WriteUInt16BigEndian(packet[1..], streamId);
                BinaryPrimitives.WriteUInt32BigEndian(packet[3..], (uint)ppid);
                BinaryPrimitives.WriteUInt32BigEndian(packet[7..], id);
                BinaryPrimitives.WriteInt32BigEndian(packet[11..], offset);
                BinaryPrimitives.WriteInt32BigEndian(packet[15..], payload.Length);
                payload.Slice(offset, n).CopyTo(packet[Header..]);
                _p.Dtls.Send(packet[..(Header + n)]);
                offset += n;
            }
            while (offset < payload.Length);

            if (ppid != DataChannelPpid.Dcep)
            {
                _handler?.OnBufferedAmountDecreased(streamId, payload.Length);
            }

            return true;
        }

        public void ResetStream(ushort streamId)
        {
            Span<byte> packet = stackalloc byte[3];
            packet[0] = Reset;
            BinaryPrimitives.WriteUInt16BigEndian(packet[1..], streamId);
            _p.Dtls.Send(packet);
        }

        public void SetHandler(IDataChannelTransportHandler? handler)
        {
            Action<IDataChannelTransportHandler>[] early;
            lock (_gate)
            {
                _handler = handler;
                early = [.. _early];
                _early.Clear();
            }

            if (handler is not null)
            {
                foreach (var a in early)
                {
                    a(handler);
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _closed = true;
            _p.Dtls.SetReceiver(null);
            _handler?.OnTransportClosed();
            return default;
        }

        private void SendHello() => _p.Dtls.Send([Hello, _seenPeer ? (byte)1 : (byte)0]);

        private void OnDatagram(ReadOnlySpan<byte> d)
        {
            if (d.Length < 2)
            {
                return;
            }

            switch (d[0])
            {
                case Hello:
                    var answer = !_seenPeer || d[1] == 0;
                    _seenPeer = true;
                    if (d[1] == 1)
                    {
                        _connected.TrySetResult();
                    }

                    if (answer)
                    {
                        SendHello();
                    }

                    break;
                case Reset when d.Length >= 3:
                    var stream = BinaryPrimitives.ReadUInt16BigEndian(d[1..]);
                    Dispatch(h => h.OnIncomingStreamReset(stream));
                    break;
                case Fragment when d.Length >= Header:
                    OnFragment(d);
                    break;
            }
        }

        private void OnFragment(ReadOnlySpan<byte> d)
        {
            var stream = BinaryPrimitives.ReadUInt16BigEndian(d[1..]);
            var ppid = BinaryPrimitives.ReadUInt32BigEndian(d[3..]);
            var id = BinaryPrimitives.ReadUInt32BigEndian(d[7..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(d[11..]);
            var total = BinaryPrimitives.ReadInt32BigEndian(d[15..]);
            var body = d[Header..];
            if (!_partial.TryGetValue(id, out var entry))
            {
                entry = (stream, ppid, new byte[total], 0);
            }

            body.CopyTo(entry.Data.AsSpan(offset));
            entry.Got += body.Length;
            if (entry.Got >= total)
            {
                _partial.Remove(id);
                var data = entry.Data;
                Dispatch(h => h.OnMessage(stream, ppid, data));
            }
            else
            {
                _partial[id] = entry;
            }
        }

        private void Dispatch(Action<IDataChannelTransportHandler> action)
        {
            IDataChannelTransportHandler? handler;
            lock (_gate)
            {
                handler = _handler;
                if (handler is null)
                {
                    _early.Add(action);
                    return;
                }
            }

            action(handler);
        }
    }
}
