using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Ice.Turn;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>Called for each received datagram; both spans and the address are reused after the call.</summary>
internal delegate void SocketReceiveHandler(IceSocket socket, ReadOnlySpan<byte> datagram, SocketAddress from);

/// <summary>
/// One UDP socket of a host candidate with its receive loop. The loop owns one pooled 64 KiB
/// buffer and one <see cref="SocketAddress"/>, reused for every datagram, so receiving does not
/// allocate. Sends are synchronous (<see cref="Transport.IDatagramTransport"/> is).
/// </summary>
internal sealed class IceSocket : IAsyncDisposable
{
    private const int ReceiveBufferSize = 65536;

    private readonly Socket _socket;
    private readonly SocketReceiveHandler _handler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public IceSocket(IPAddress address, SocketReceiveHandler handler, ILogger logger)
    {
        _handler = handler;
        _logger = logger;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }

        // Room for bursts of DTLS/SCTP traffic (pion/sctp PR #76: small buffers cap throughput).
        _socket.ReceiveBufferSize = 1 << 20;
        _socket.SendBufferSize = 1 << 20;
        _socket.Bind(new IPEndPoint(address, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The host candidate of this socket; set before <see cref="Start"/>.</summary>
    public LocalCandidate? Host { get; set; }

    /// <summary>TURN clients sharing this socket (copy-on-write, read per datagram without a lock).</summary>
    public TurnClient[] Relays { get; set; } = [];

    public AddressFamily AddressFamily => LocalEndPoint.AddressFamily;

    public void Start() => _loop = Task.Run(ReceiveLoopAsync);

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException e)
        {
            // Datagram semantics: a send error (unreachable, buffer full) is a lost packet.
            _logger.LogDebug("Send from {Local} failed: {Error}", LocalEndPoint, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var from = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.MessageSize)
                {
                    // ICMP errors from earlier sends surface here on Linux; the socket stays usable.
                    continue;
                }

                try
                {
                    _handler(this, buffer.AsSpan(0, received), from);
                }
#pragma warning disable CA1031 // A bug in a handler must not stop the receive loop of the whole candidate.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _logger.LogError(e, "Datagram handler failed on {Local}", LocalEndPoint);
                }
            }
        }
        catch (SocketException e)
        {
            _logger.LogWarning("Receive loop on {Local} ended: {Error}", LocalEndPoint, e.SocketErrorCode);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
