using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Tests.Dtls;

/// <summary>Two in-memory datagram endpoints; a send is delivered synchronously to the other side.</summary>
internal sealed class MemoryDatagramLink
{
    public MemoryDatagramLink(int maxDatagramSize = 1280)
    {
        A = new Endpoint(maxDatagramSize);
        B = new Endpoint(maxDatagramSize);
        A.Peer = B;
        B.Peer = A;
    }

    public Endpoint A { get; }

    public Endpoint B { get; }

    internal sealed class Endpoint(int maxDatagramSize) : IDatagramTransport
    {
        private DatagramReceiver? _receiver;

        public Endpoint? Peer { get; set; }

        public int MaxDatagramSize => maxDatagramSize;

        public int Sent { get; private set; }

        /// <summary>When set, returns false for datagrams to drop.</summary>
        public Func<byte[], bool>? Filter { get; set; }

        public void Send(ReadOnlySpan<byte> datagram)
        {
            Sent++;
            if (Filter is { } filter && !filter(datagram.ToArray()))
            {
                return;
            }

            Peer?._receiver?.Invoke(datagram);
        }

        public void SetReceiver(DatagramReceiver? receiver) => _receiver = receiver;
    }
}
