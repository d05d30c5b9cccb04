using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>
/// A UDP relay on 127.0.0.1 that sits between two peers and impairs what it forwards: each datagram
/// (STUN, DTLS, everything) is dropped, held back behind the next one (reordered) or sent twice
/// (duplicated) with the given probabilities, from a seeded generator per direction.
/// <para>
/// Each peer is told the other lives at the relay: <see cref="RewriteFromA"/> turns A's host
/// candidate into the relay's address for B (and remembers A's real address), and the other way
/// round. A datagram A sends to <see cref="ForA"/> leaves <see cref="ForB"/> towards B, so B sees it
/// come from the candidate it was given — ICE, DTLS and SCTP all run through the relay.
/// </para>
/// The relay stops by itself after <c>lifetime</c> so a failing test cannot leave it running.
/// </summary>
internal sealed class LossyUdpRelay : IAsyncDisposable
{
    private readonly Socket _forA;
    private readonly Socket _forB;
    private readonly Direction _aToB;
    private readonly Direction _bToA;
    private readonly CancellationTokenSource _stop;
    private readonly Task[] _loops;

    public LossyUdpRelay(int seed, double drop, double reorder, double duplicate, TimeSpan lifetime)
    {
        _forA = Bind();
        _forB = Bind();
        _stop = new CancellationTokenSource(lifetime);
        _aToB = new Direction(_forB, new Random(seed), drop, reorder, duplicate);
        _bToA = new Direction(_forA, new Random(seed + 1), drop, reorder, duplicate);
        _loops = [Task.Run(() => ForwardAsync(_forA, _aToB)), Task.Run(() => ForwardAsync(_forB, _bToA))];
    }

    /// <summary>Where A sends (B's address as A knows it).</summary>
    public IPEndPoint ForA => (IPEndPoint)_forA.LocalEndPoint!;

    /// <summary>Where B sends (A's address as B knows it).</summary>
    public IPEndPoint ForB => (IPEndPoint)_forB.LocalEndPoint!;

    public Direction AToB => _aToB;

    /// <summary>Whether the relay impairs what it forwards now (both ways); when false it forwards
    /// every datagram once, in order.</summary>
    public bool Impaired
    {
        get => _aToB.Impaired;
        set => _aToB.Impaired = _bToA.Impaired = value;
    }

    public Direction BToA => _bToA;

    /// <summary>A's candidate as B must see it, or null to withhold it (not a 127.0.0.1 UDP host candidate).</summary>
    public string? RewriteFromA(string candidate) => Rewrite(candidate, _bToA, ForB);

    /// <summary>B's candidate as A must see it, or null to withhold it.</summary>
    public string? RewriteFromB(string candidate) => Rewrite(candidate, _aToB, ForA);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _forA.Dispose();
        _forB.Dispose();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        _aToB.Dispose();
        _bToA.Dispose();
        _stop.Dispose();
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 1 << 20;
        socket.SendBufferSize = 1 << 20;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>Rewrites <c>candidate:f c udp prio 127.0.0.1 port typ host ...</c>; the peer's real
    /// address becomes the target of <paramref name="towardPeer"/>.</summary>
    private static string? Rewrite(string candidate, Direction towardPeer, IPEndPoint relay)
    {
        var fields = candidate.Split(' ');
        if (fields.Length < 8 || !fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase) || fields[4] != "127.0.0.1" || fields[7] != "host")
        {
            return null;
        }

        towardPeer.Target = new IPEndPoint(IPAddress.Loopback, int.Parse(fields[5], CultureInfo.InvariantCulture));
        fields[5] = relay.Port.ToString(CultureInfo.InvariantCulture);
        return string.Join(' ', fields);
    }

    private async Task ForwardAsync(Socket from, Direction direction)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }
            catch (SocketException)
            {
                break;
            }

            direction.Forward(buffer.AsSpan(0, received.ReceivedBytes));
        }
    }

    /// <summary>One way through the relay, with its own generator and counters.</summary>
    internal sealed class Direction : IDisposable
    {
        private static readonly TimeSpan HoldLimit = TimeSpan.FromMilliseconds(30);

        private readonly Socket _out;
        private readonly Random _random;
        private readonly double _drop;
        private readonly double _reorder;
        private readonly double _duplicate;
        private readonly Lock _gate = new();
        private readonly Timer _release;
        private byte[]? _held;
        private volatile IPEndPoint? _target;
        private volatile bool _impaired = true;

        public Direction(Socket output, Random random, double drop, double reorder, double duplicate)
        {
            _out = output;
            _random = random;
            _drop = drop;
            _reorder = reorder;
            _duplicate = duplicate;
            _release = new Timer(_ => ReleaseHeld(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>The real address of the peer this direction delivers to (learnt from its candidate).</summary>
        public IPEndPoint? Target
        {
            get => _target;
            set => _target = value;
        }

        public long Forwarded { get; private set; }

        public long Dropped { get; private set; }

        public long Reordered { get; private set; }

        public long Duplicated { get; private set; }

        public bool Impaired
        {
            get => _impaired;
            set => _impaired = value;
        }

        public override string ToString() =>
            $"forwarded {Forwarded}, dropped {Dropped}, reordered {Reordered}, duplicated {Duplicated}";

        public void Forward(ReadOnlySpan<byte> datagram)
        {
            var target = Target;
            if (target is null)
            {
                return;
            }

            lock (_gate)
            {
                if (!_impaired)
                {
                    Send(datagram, target);
                    return;
                }

                // Three draws per datagram whatever happens, so a seed fixes the whole sequence.
                var drop = _random.NextDouble() < _drop;
                var hold = _random.NextDouble() < _reorder;
                var duplicate = _random.NextDouble() < _duplicate;
                if (drop)
                {
                    Dropped++;
                    return;
                }

                if (hold && _held is null)
                {
                    // Sent after the next datagram (or after HoldLimit if none follows): swapped.
                    _held = datagram.ToArray();
                    Reordered++;
                    _release.Change(HoldLimit, Timeout.InfiniteTimeSpan);
                    return;
                }

                Send(datagram, target);
                if (duplicate)
                {
                    Duplicated++;
                    Send(datagram, target);
                }

                if (_held is { } held)
                {
                    _held = null;
                    Send(held, target);
                }
            }
        }

        public void Dispose() => _release.Dispose();

        private void ReleaseHeld()
        {
            lock (_gate)
            {
                if (_held is { } held && Target is { } target)
                {
                    _held = null;
                    Send(held, target);
                }
            }
        }

        private void Send(ReadOnlySpan<byte> datagram, IPEndPoint target)
        {
            try
            {
                _out.SendTo(datagram, SocketFlags.None, target);
                Forwarded++;
            }
            catch (SocketException)
            {
                // a lost datagram, like any other
            }
            catch (ObjectDisposedException)
            {
                // relay stopped
            }
        }
    }
}
