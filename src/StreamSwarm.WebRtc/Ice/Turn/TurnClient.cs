using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice.Turn;

/// <summary>Delivers one datagram relayed from <paramref name="peer"/>; the span is valid during the call only.</summary>
internal delegate void TurnDataHandler(TurnClient relay, ReadOnlySpan<byte> data, IPEndPoint peer);

/// <summary>Adds request-specific attributes before the authentication attributes.</summary>
internal delegate void StunAttributeAppender(ref StunMessageWriter writer);

/// <summary>
/// A TURN client over UDP (RFC 8656) sharing a host candidate's socket: Allocate with the
/// long-term mechanism (401 → REALM/NONCE → retry with MESSAGE-INTEGRITY, 438 → new NONCE),
/// Refresh before expiry, CreatePermission, ChannelBind with ChannelData, and Send/Data
/// indications until a channel is bound.
/// </summary>
internal sealed partial class TurnClient : IAsyncDisposable
{
    private const int MaxQueuedPerPeer = 8;

    private readonly IceSocket _socket;
    private readonly TurnServerOptions _server;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TurnDataHandler _onData;
    private readonly SocketAddress _serverAddress;
    private readonly ConcurrentDictionary<StunTransactionId, TaskCompletionSource<StunMessage>> _pending = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Permission> _permissions = [];
    private readonly Dictionary<IPEndPoint, Channel> _channelsByPeer = [];
    private readonly Dictionary<ushort, IPEndPoint> _peersByChannel = [];
    private readonly CancellationTokenSource _stop = new();
    private ushort _nextChannel = ChannelNumberAttribute.Min;
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;
    private Task _maintenance = Task.CompletedTask;
    private long _allocationExpiresMs;
    private bool _allocated;

    public TurnClient(IceSocket socket, TurnServerOptions server, TimeProvider time, ILogger logger, TurnDataHandler onData)
    {
        _socket = socket;
        _server = server;
        _time = time;
        _logger = logger;
        _onData = onData;
        _serverAddress = server.EndPoint.Serialize();
    }

    public TurnServerOptions Server => _server;

    /// <summary>XOR-RELAYED-ADDRESS of the allocation.</summary>
    public IPEndPoint RelayedEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>XOR-MAPPED-ADDRESS the server saw (a server-reflexive address).</summary>
    public IPEndPoint MappedEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>Successful Refresh transactions so far (diagnostics and tests).</summary>
    internal int RefreshCount { get; private set; }

    /// <summary>Seconds granted by the server's last LIFETIME.</summary>
    public uint LifetimeSeconds { get; private set; }

    public bool IsFromServer(SocketAddress from) => from.Equals(_serverAddress);

    private long NowMs => (long)_time.GetElapsedTime(0).TotalMilliseconds;

    /// <summary>Allocate (RFC 8656 §7.1): REQUESTED-TRANSPORT UDP, LIFETIME; authenticated on the second try.</summary>
    public async Task AllocateAsync(CancellationToken cancellationToken)
    {
        uint lifetime = (uint)_server.RequestedLifetimeSeconds;
        var response = await RequestAsync(StunMethod.Allocate, (ref StunMessageWriter w) =>
        {
            w.AddRequestedTransport(RequestedTransportAttribute.Udp);
            w.AddUInt32(StunAttributeType.Lifetime, lifetime);
        }, cancellationToken).ConfigureAwait(false);
        if (response is null || response.Class != StunClass.SuccessResponse)
        {
            throw new IceException($"TURN Allocate at {_server.EndPoint} failed: {Describe(response)}");
        }

        if (!response.TryGetXorAddress(StunAttributeType.XorRelayedAddress, out var relayed))
        {
            throw new IceException($"TURN Allocate at {_server.EndPoint} returned no XOR-RELAYED-ADDRESS.");
        }

        RelayedEndPoint = relayed;
        if (response.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped))
        {
            MappedEndPoint = mapped;
        }

        UpdateLifetime(response);
        _allocated = true;
        _maintenance = Task.Run(MaintainAsync);
        Log.Allocated(_logger, relayed, _server.EndPoint, LifetimeSeconds);
    }

    /// <summary>Refresh (RFC 8656 §7.3); a lifetime of 0 deletes the allocation.</summary>
    public async Task<bool> RefreshAsync(uint lifetimeSeconds, CancellationToken cancellationToken)
    {
        var response = await RequestAsync(StunMethod.Refresh, (ref StunMessageWriter w) =>
            w.AddUInt32(StunAttributeType.Lifetime, lifetimeSeconds), cancellationToken).ConfigureAwait(false);
        bool ok = response?.Class == StunClass.SuccessResponse;
        if (ok)
        {
            RefreshCount++;
            UpdateLifetime(response!);
        }
        else
        {
            Log.RequestFailed(_logger, "Refresh", _server.EndPoint, Describe(response));
        }

        return ok;
    }

    /// <summary>CreatePermission for the peer's IP (RFC 8656 §9), unless already installed or pending.</summary>
    public void EnsurePermission(IPEndPoint peer)
    {
        lock (_gate)
        {
            if (_permissions.ContainsKey(peer.Address))
            {
                return;
            }

            _permissions[peer.Address] = new Permission();
        }

        _ = CreatePermissionAsync(peer, _stop.Token);
    }

    /// <summary>
    /// Sends through the relay: ChannelData when a channel is bound, else a Send indication once
    /// the permission exists (binding a channel meanwhile), else queued until it does.
    /// </summary>
    public void Send(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        ushort channel = 0;
        bool permitted = false;
        bool bind = false;
        bool requestPermission = false;
        lock (_gate)
        {
            if (_channelsByPeer.TryGetValue(peer, out var c) && c.Bound)
            {
                channel = c.Number;
            }
            else
            {
                if (!_permissions.TryGetValue(peer.Address, out var p))
                {
                    p = new Permission();
                    _permissions[peer.Address] = p;
                    requestPermission = true;
                }

                permitted = p.Installed;
                if (!permitted && p.Queue.Count < MaxQueuedPerPeer)
                {
                    p.Queue.Enqueue((peer, data.ToArray()));
                }

                if (permitted && !_channelsByPeer.ContainsKey(peer) && _nextChannel <= ChannelNumberAttribute.Max)
                {
                    var fresh = new Channel(_nextChannel++);
                    _channelsByPeer[peer] = fresh;
                    _peersByChannel[fresh.Number] = peer;
                    bind = true;
                }
            }
        }

        if (channel != 0)
        {
            SendChannelData(channel, data);
        }
        else if (permitted)
        {
            SendIndication(peer, data);
            if (bind)
            {
                _ = BindChannelAsync(peer, _stop.Token);
            }
        }
        else if (requestPermission)
        {
            _ = CreatePermissionAsync(peer, _stop.Token);
        }
    }

    /// <summary>
    /// Handles a datagram from the server: a response, a Data indication or ChannelData. False
    /// when it is none of this client's (a plain STUN Binding response for the agent, when the
    /// TURN server doubles as STUN server).
    /// </summary>
    public bool HandlePacket(ReadOnlySpan<byte> datagram)
    {
        if (ChannelDataMessage.TryRead(datagram, out var channelData, out _))
        {
            IPEndPoint? peer;
            lock (_gate)
            {
                _peersByChannel.TryGetValue(channelData.Channel, out peer);
            }

            if (peer is not null)
            {
                _onData(this, channelData.Data, peer);
            }

            return true;
        }

        if (!StunMessage.TryRead(datagram, out var message, out _))
        {
            return true;
        }

        if (message!.Method == StunMethod.Data && message.Class == StunClass.Indication)
        {
            if (message.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var peer) &&
                message.TryGetAttribute(StunAttributeType.Data, out var data))
            {
                _onData(this, message.GetValue(data), peer);
            }

            return true;
        }

        if (message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse &&
            _pending.TryRemove(message.TransactionId, out var waiter))
        {
            byte[]? key = _key;
            if (message.HasMessageIntegrity && key is not null && !message.VerifyMessageIntegrity(key))
            {
                Log.BadIntegrity(_logger, _server.EndPoint);
                return true;
            }

            waiter.TrySetResult(message);
            return true;
        }

        return false;
    }

    /// <summary>Whether ChannelData is in use for the peer (a ChannelBind succeeded).</summary>
    internal bool IsChannelBound(IPEndPoint peer)
    {
        lock (_gate)
        {
            return _channelsByPeer.TryGetValue(peer, out var channel) && channel.Bound;
        }
    }

    private async Task CreatePermissionAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        StunMessage? response;
        try
        {
            response = await RequestAsync(StunMethod.CreatePermission, (ref StunMessageWriter w) =>
                w.AddXorAddress(StunAttributeType.XorPeerAddress, peer), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        List<(IPEndPoint Peer, byte[] Data)> flush = [];
        lock (_gate)
        {
            if (!_permissions.TryGetValue(peer.Address, out var permission))
            {
                return;
            }

            if (response?.Class != StunClass.SuccessResponse)
            {
                _permissions.Remove(peer.Address);
                Log.RequestFailed(_logger, "CreatePermission", _server.EndPoint, Describe(response));
                return;
            }

            permission.Installed = true;
            permission.RefreshedMs = NowMs;
            while (permission.Queue.TryDequeue(out var item))
            {
                flush.Add(item);
            }
        }

        foreach (var (p, data) in flush)
        {
            Send(p, data);
        }
    }

    private async Task BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken)
    {
        Channel? channel;
        lock (_gate)
        {
            _channelsByPeer.TryGetValue(peer, out channel);
        }

        if (channel is null)
        {
            return;
        }

        StunMessage? response;
        try
        {
            response = await RequestAsync(StunMethod.ChannelBind, (ref StunMessageWriter w) =>
            {
                w.AddChannelNumber(channel.Number);
                w.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (response?.Class == StunClass.SuccessResponse)
            {
                channel.Bound = true;
                channel.RefreshedMs = NowMs;
            }
            else
            {
                // Keep using Send indications; ChannelBind is an optimisation.
                Log.RequestFailed(_logger, "ChannelBind", _server.EndPoint, Describe(response));
            }
        }
    }

    private void SendChannelData(ushort channel, ReadOnlySpan<byte> data)
    {
        int size = ChannelDataMessage.HeaderSize + data.Length;
        byte[] rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            new ChannelDataMessage(channel, data).Write(rented);
            _socket.Send(rented.AsSpan(0, size), _serverAddress);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void SendIndication(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(data.Length + 128);
        try
        {
            var w = new StunMessageWriter(rented, StunMethod.Send, StunClass.Indication, StunTransactionId.NewRandom());
            w.AddXorAddress(StunAttributeType.XorPeerAddress, peer);
            w.AddBytes(StunAttributeType.Data, data);
            _socket.Send(w.Written, _serverAddress);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string Describe(StunMessage? response) =>
        response is null ? "timeout" :
        response.TryGetErrorCode(out var e) ? $"{e.Code} {e.Reason}" : response.Class.ToString();

    public async ValueTask DisposeAsync()
    {
        if (_allocated)
        {
            _allocated = false;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await RefreshAsync(0, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _maintenance.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Permission
    {
        public bool Installed { get; set; }

        public long RefreshedMs { get; set; }

        public Queue<(IPEndPoint Peer, byte[] Data)> Queue { get; } = new();
    }

    private sealed class Channel(ushort number)
    {
        public ushort Number { get; } = number;

        public bool Bound { get; set; }

        public long RefreshedMs { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "TURN allocation {Relayed} on {Server}, lifetime {Lifetime} s")]
        public static partial void Allocated(ILogger logger, IPEndPoint relayed, IPEndPoint server, uint lifetime);

        [LoggerMessage(Level = LogLevel.Warning, Message = "TURN {Request} at {Server} failed: {Cause}")]
        public static partial void RequestFailed(ILogger logger, string request, IPEndPoint server, string cause);

        [LoggerMessage(Level = LogLevel.Debug, Message = "TURN response from {Server} failed MESSAGE-INTEGRITY; dropped")]
        public static partial void BadIntegrity(ILogger logger, IPEndPoint server);
    }
}
