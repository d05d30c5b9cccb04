using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using StreamSwarm.WebRtc.Ice.Turn;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice;

public sealed partial class IceAgent
{
    /// <summary>
    /// Gathers candidates (RFC 8445 §5.1.1): a UDP socket per host address, then server-reflexive
    /// candidates from each STUN server and relayed ones from each TURN server, raising
    /// <see cref="CandidateGathered"/> for each and <see cref="GatheringCompleted"/> at the end.
    /// STUN/TURN failures are logged, not thrown. Completes when gathering is complete.
    /// </summary>
    public async Task GatherAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            if (_gatheringState != IceGatheringState.New)
            {
                throw new IceException("Gathering already started.");
            }

            _gatheringState = IceGatheringState.Gathering;
            EnsureTimer();
        }

        var hosts = new List<LocalCandidate>();
        int index = 0;
        foreach (var address in ChooseHostAddresses())
        {
            IceSocket socket;
            try
            {
                socket = new IceSocket(address, OnSocketDatagram, _logger);
            }
            catch (SocketException e)
            {
                Log.BindFailed(_logger, address, e.SocketErrorCode);
                continue;
            }

            int localPreference = 65535 - index++;
            var candidate = new IceCandidate
            {
                Foundation = Foundation(IceCandidateType.Host, address, null),
                Priority = IceCandidate.ComputePriority(IceCandidate.HostTypePreference, localPreference, 1),
                Address = address.ToString(),
                Port = socket.LocalEndPoint.Port,
                Type = IceCandidateType.Host,
            };
            var local = new LocalCandidate(candidate, socket, null, localPreference);
            hosts.Add(local);
            lock (_lock)
            {
                _sockets.Add(socket);
                socket.Host = local;
                AddLocal(local);
            }

            socket.Start();
            FlushEvents();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(_options.GatherTimeoutMs));
        var work = new List<Task>();
        foreach (var host in hosts)
        {
            foreach (var server in _options.StunServers)
            {
                if (server.AddressFamily == host.Socket.AddressFamily && _options.TransportPolicy != IceTransportPolicy.Relay)
                {
                    work.Add(GatherServerReflexiveAsync(host, server, timeout.Token));
                }
            }

            foreach (var turn in _options.TurnServers)
            {
                if (turn.EndPoint.AddressFamily == host.Socket.AddressFamily)
                {
                    work.Add(GatherRelayedAsync(host, turn, timeout.Token));
                }
            }
        }

        await Task.WhenAll(work).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_state != IceConnectionState.Closed)
            {
                _gatheringState = IceGatheringState.Complete;
                _events.Add(() => GatheringCompleted?.Invoke());
            }
        }

        FlushEvents();
    }

    private List<IPAddress> ChooseHostAddresses()
    {
        var result = new List<IPAddress>();
        bool Wanted(IPAddress a) =>
            (a.AddressFamily == AddressFamily.InterNetwork && _options.EnableIPv4) ||
            (a.AddressFamily == AddressFamily.InterNetworkV6 && _options.EnableIPv6 && Socket.OSSupportsIPv6);

        if (_options.HostAddresses is not null)
        {
            foreach (var a in _options.HostAddresses)
            {
                if (Wanted(a))
                {
                    result.Add(a);
                }
            }

            return result;
        }

        if (_options.LoopbackOnly)
        {
            foreach (var a in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
            {
                if (Wanted(a))
                {
                    result.Add(a);
                }
            }

            return result;
        }

        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var a = unicast.Address;
                if (Wanted(a) && !a.IsIPv6LinkLocal && !a.IsIPv6Multicast && !IPAddress.IsLoopback(a))
                {
                    result.Add(a);
                }
            }
        }

        return result;
    }

    private async Task GatherServerReflexiveAsync(LocalCandidate host, IPEndPoint server, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<IPEndPoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var id = StunTransactionId.NewRandom();
            var buffer = new byte[64];
            var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, id);
            w.AddFingerprint();
            var t = new Transaction(TransactionKind.ServerReflexive, id, buffer, w.Length, _options.CheckInitialRtoMs)
            {
                Local = host,
                Server = server.Serialize(),
                Gather = result,
            };
            _transactions[id] = t;
            Transmit(t, NowMs);
        }

        IPEndPoint? mapped;
        try
        {
            mapped = await result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            mapped = null;
        }

        if (mapped is null)
        {
            Log.ServerFailed(_logger, "STUN", server);
            return;
        }

        var hostEndPoint = host.Socket.LocalEndPoint;
        if (mapped.Equals(hostEndPoint))
        {
            // RFC 8445 §5.1.3: a server-reflexive candidate equal to its base is redundant.
            return;
        }

        var candidate = new IceCandidate
        {
            Foundation = Foundation(IceCandidateType.ServerReflexive, hostEndPoint.Address, server),
            Priority = IceCandidate.ComputePriority(IceCandidate.ServerReflexiveTypePreference, host.LocalPreference, 1),
            Address = mapped.Address.ToString(),
            Port = mapped.Port,
            Type = IceCandidateType.ServerReflexive,
            RelatedAddress = hostEndPoint.Address.ToString(),
            RelatedPort = hostEndPoint.Port,
        };
        lock (_lock)
        {
            if (_state != IceConnectionState.Closed)
            {
                AddLocal(new LocalCandidate(candidate, host.Socket, null, host.LocalPreference));
            }
        }

        FlushEvents();
    }

    private async Task GatherRelayedAsync(LocalCandidate host, TurnServerOptions server, CancellationToken cancellationToken)
    {
        var relay = new TurnClient(host.Socket, server, _time, _logger, OnRelayDatagram);
        lock (_lock)
        {
            host.Socket.Relays = [.. host.Socket.Relays, relay];
        }

        try
        {
            await relay.AllocateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IceException or OperationCanceledException)
        {
            Log.ServerFailed(_logger, "TURN", server.EndPoint);
            lock (_lock)
            {
                host.Socket.Relays = Array.FindAll(host.Socket.Relays, r => r != relay);
            }

            await relay.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var relayed = relay.RelayedEndPoint;
        var candidate = new IceCandidate
        {
            Foundation = Foundation(IceCandidateType.Relayed, relayed.Address, server.EndPoint),
            Priority = IceCandidate.ComputePriority(IceCandidate.RelayedTypePreference, host.LocalPreference, 1),
            Address = relayed.Address.ToString(),
            Port = relayed.Port,
            Type = IceCandidateType.Relayed,
            RelatedAddress = relay.MappedEndPoint.Address.ToString(),
            RelatedPort = relay.MappedEndPoint.Port,
        };
        bool closed;
        lock (_lock)
        {
            closed = _state == IceConnectionState.Closed;
            if (!closed)
            {
                var local = new LocalCandidate(candidate, host.Socket, relay, host.LocalPreference);
                _localByRelay[relay] = local;
                AddLocal(local);
            }
        }

        if (closed)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }

        FlushEvents();
    }

    /// <summary>
    /// Foundation (RFC 8445 §5.1.1.3): equal for candidates of the same type, base IP, server and
    /// transport. A CRC of those, in decimal (ice-chars, at most 10 characters).
    /// </summary>
    private static string Foundation(IceCandidateType type, IPAddress baseAddress, IPEndPoint? server)
    {
        string key = $"{type}|{baseAddress}|{server}|udp";
        return Crc32.Compute(Encoding.UTF8.GetBytes(key)).ToString(CultureInfo.InvariantCulture);
    }
}
