using System.Net;
using System.Net.Sockets;
using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Tests.Dtls;

/// <summary>Two connected UDP sockets on 127.0.0.1, each exposed as an <see cref="IDatagramTransport"/>.</summary>
internal sealed class UdpDatagramPair : IDisposable
{
    public UdpDatagramPair()
    {
        var sa = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var sb = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sa.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sb.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sa.Connect(sb.LocalEndPoint!);
        sb.Connect(sa.LocalEndPoint!);
        A = new Endpoint(sa);
        B = new Endpoint(sb);
    }

    public Endpoint A { get; }

    public Endpoint B { get; }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    internal sealed class Endpoint : IDatagramTransport, IDisposable
    {
        private readonly Socket _socket;
        private readonly Thread _thread;
        private volatile DatagramReceiver? _receiver;

        public Endpoint(Socket socket)
        {
            _socket = socket;
            _thread = new Thread(Loop) { IsBackground = true };
            _thread.Start();
        }

        public int MaxDatagramSize => 1200;

        public void Send(ReadOnlySpan<byte> datagram)
        {
            try
            {
                _socket.Send(datagram);
            }
            catch (SocketException)
            {
                // datagram semantics
            }
            catch (ObjectDisposedException)
            {
                // closed
            }
        }

        public void SetReceiver(DatagramReceiver? receiver) => _receiver = receiver;

        public void Dispose() => _socket.Dispose();

        private void Loop()
        {
            var buffer = new byte[2048];
            while (true)
            {
                int n;
                try
                {
                    n = _socket.Receive(buffer);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue;
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                _receiver?.Invoke(buffer.AsSpan(0, n));
            }
        }
    }
}
