using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Tests.Sctp;

/// <summary>
/// Two connected <see cref="IDatagramTransport"/> ends. Delivery is synchronous (the association only
/// copies and enqueues); a seeded RNG drops, duplicates and reorders (holds one datagram back until
/// the next one, or until <see cref="ReleaseHeld"/>).
/// </summary>
internal sealed class InMemoryLink
{
    private readonly Random _random;
    private readonly object _gate = new();

    public InMemoryLink(int seed = 1, double loss = 0, double duplicate = 0, double reorder = 0)
    {
        _random = new Random(seed);
        Loss = loss;
        Duplicate = duplicate;
        Reorder = reorder;
        A = new End(this);
        B = new End(this);
        A.Peer = B;
        B.Peer = A;
    }

    public End A { get; }

    public End B { get; }

    public double Loss { get; set; }

    public double Duplicate { get; set; }

    public double Reorder { get; set; }

    /// <summary>Rewrites (or drops, with null) each datagram before impairments; used to tamper with cookies.</summary>
    public Func<byte[], byte[]?>? Tamper { get; set; }

    public long Delivered { get; private set; }

    public bool ReleaseHeld() => A.ReleaseHeld() | B.ReleaseHeld();

    internal sealed class End : IDatagramTransport
    {
        private readonly InMemoryLink _link;
        private DatagramReceiver? _receiver;
        private byte[]? _held;

        public End(InMemoryLink link) => _link = link;

        public End Peer { get; set; } = null!;

        public int MaxDatagramSize => 1200;

        public void SetReceiver(DatagramReceiver? receiver) => _receiver = receiver;

        public void Send(ReadOnlySpan<byte> datagram)
        {
            var copy = datagram.ToArray();
            bool drop, dup, hold;
            lock (_link._gate)
            {
                if (_link.Tamper is { } tamper)
                {
                    var tampered = tamper(copy);
                    if (tampered is null)
                    {
                        return;
                    }

                    copy = tampered;
                }

                drop = _link._random.NextDouble() < _link.Loss;
                dup = _link._random.NextDouble() < _link.Duplicate;
                hold = _link._random.NextDouble() < _link.Reorder;
            }

            if (drop)
            {
                return;
            }

            if (hold && Peer._held is null)
            {
                Peer._held = copy;
                return;
            }

            Peer.Deliver(copy);
            if (dup)
            {
                Peer.Deliver(copy);
            }

            Peer.ReleaseHeld();
        }

        public bool ReleaseHeld()
        {
            var held = Interlocked.Exchange(ref _held, null);
            if (held is null)
            {
                return false;
            }

            Deliver(held);
            return true;
        }

        private void Deliver(byte[] datagram)
        {
            lock (_link._gate)
            {
                _link.Delivered++;
            }

            _receiver?.Invoke(datagram);
        }
    }
}
