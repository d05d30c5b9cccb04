using System.Net;
using System.Net.Sockets;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Stun;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

public class IceAgentLoopbackTests(ITestOutputHelper output)
{
    private static readonly IceAgentOptions IPv4Loopback = new() { LoopbackOnly = true, EnableIPv6 = false };

    private static bool HasIPv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task TwoAgents_IPv4Loopback_ConnectAndExchangeBothWays()
    {
        await using var pair = IceAgentPair.Create(output, IPv4Loopback);
        await pair.ConnectAsync();
        Assert.Equal(IceRole.Controlling, pair.A.Role);
        Assert.Equal(IceRole.Controlled, pair.B.Role);
        Assert.Equal("127.0.0.1", pair.A.SelectedPair!.Local.Address);
        Assert.Equal(pair.A.SelectedPair.Remote.Port, pair.B.SelectedPair!.Local.Port);
        for (int i = 0; i < 20; i++)
        {
            await pair.ExchangeAsync(i);
        }
    }

    [Fact]
    public async Task TwoAgents_IPv6Loopback_ConnectWhenAvailable()
    {
        var options = new IceAgentOptions { LoopbackOnly = true, EnableIPv4 = !HasIPv6Loopback() };
        await using var pair = IceAgentPair.Create(output, options);
        await pair.ConnectAsync();
        await pair.ExchangeAsync(1);
        string expected = HasIPv6Loopback() ? "::1" : "127.0.0.1";
        output.WriteLine($"selected {pair.A.SelectedPair}");
        Assert.Equal(expected, pair.A.SelectedPair!.Local.Address);
    }

    [Fact]
    public async Task DualStackLoopback_ConnectsAndExchanges()
    {
        await using var pair = IceAgentPair.Create(output, new IceAgentOptions { LoopbackOnly = true });
        await pair.ConnectAsync();
        await pair.ExchangeAsync(7);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public async Task SameRoles_RoleConflictResolvedByTieBreaker(IceRole role)
    {
        await using var pair = IceAgentPair.Create(output, IPv4Loopback);
        await pair.ConnectAsync(role, role);
        Assert.NotEqual(pair.A.Role, pair.B.Role);
        // The agent with the larger tie-breaker ends controlling (RFC 8445 §7.3.1.1).
        var expectedControlling = pair.A.TieBreaker >= pair.B.TieBreaker ? pair.A : pair.B;
        Assert.Equal(IceRole.Controlling, expectedControlling.Role);
        await pair.ExchangeAsync(3);
    }

    [Fact]
    public async Task MdnsCandidate_IsDropped_PeerReflexiveConnects()
    {
        await using var pair = IceAgentPair.Create(output, IPv4Loopback);
        // A hides its host address behind an mDNS name, as Chrome does; B cannot resolve it.
        pair.SignalAToB = c => $"candidate:{c.Foundation} 1 udp {c.Priority} 0e7b5c2d-1111-4a4a-9c9c-123456789abc.local {c.Port} typ host";
        await pair.ConnectAsync();
        Assert.Equal(IceCandidateType.PeerReflexive, pair.B.SelectedPair!.Remote.Type);
        await pair.ExchangeAsync(5);
    }

    [Fact]
    public async Task EarlyDatagrams_AreBufferedUntilReceiverSet()
    {
        await using var pair = IceAgentPair.Create(output, IPv4Loopback);
        pair.B.Transport.SetReceiver(null);
        await pair.ConnectAsync();
        byte[] early = [22, 0xFE, 0xFD, 99];
        pair.A.Transport.Send(early);
        await Task.Delay(200);
        pair.B.Transport.SetReceiver(d => pair.ReceivedByB.Writer.TryWrite(d.ToArray()));
        Assert.Equal(early, await IceAgentPair.ReadAsync(pair.ReceivedByB, d => d[3] == 99));
    }

    [Fact]
    public async Task ConsentExpires_WhenPeerGoesAway()
    {
        var options = IPv4Loopback with { ConsentIntervalMs = 200, DisconnectedTimeoutMs = 1000, ConsentTimeoutMs = 2500 };
        var pair = IceAgentPair.Create(output, options);
        var states = new List<IceConnectionState>();
        var failed = new TaskCompletionSource();
        pair.A.StateChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }

            if (s == IceConnectionState.Failed)
            {
                failed.TrySetResult();
            }
        };
        await pair.ConnectAsync();
        // Consent holds while the peer answers.
        await Task.Delay(800);
        Assert.Contains(pair.A.State, new[] { IceConnectionState.Connected, IceConnectionState.Completed });
        await pair.B.DisposeAsync();
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        lock (states)
        {
            // Disconnected first (no answer for 1 s), then Failed once consent expires — not after one lost check.
            Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Failed], states[^2..]);
        }

        // RFC 7675 §5.1: no more data once consent is lost.
        pair.A.Transport.Send([23, 1, 2, 3]);
        await pair.A.DisposeAsync();
    }

    [Fact]
    public async Task Restart_NewCredentials_Reconnects()
    {
        await using var pair = IceAgentPair.Create(output, IPv4Loopback);
        await pair.ConnectAsync();
        await pair.ExchangeAsync(1);
        var oldUfrag = pair.A.LocalParameters.UsernameFragment;
        var reselectedA = new TaskCompletionSource();
        var reselectedB = new TaskCompletionSource();
        pair.A.SelectedPairChanged += _ => reselectedA.TrySetResult();
        pair.B.SelectedPairChanged += _ => reselectedB.TrySetResult();

        var newA = pair.A.Restart();
        var newB = pair.B.Restart();
        Assert.NotEqual(oldUfrag, newA.UsernameFragment);
        pair.A.SetRemoteParameters(newB);
        pair.B.SetRemoteParameters(newA);
        foreach (var c in pair.A.LocalCandidates)
        {
            Assert.True(pair.B.AddRemoteCandidate(c));
        }

        foreach (var c in pair.B.LocalCandidates)
        {
            Assert.True(pair.A.AddRemoteCandidate(c));
        }

        await Task.WhenAll(reselectedA.Task, reselectedB.Task).WaitAsync(IceAgentPair.Timeout);
        Assert.Contains(pair.A.State, new[] { IceConnectionState.Connected, IceConnectionState.Completed });
        await pair.ExchangeAsync(2);
    }

    [Fact]
    public async Task GarbageDatagrams_DoNotDisturbTheAgent()
    {
        await using var pair = IceAgentPair.Create(output, IPv4Loopback);
        await pair.ConnectAsync();
        var target = pair.B.SelectedPair!.Local;
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        attacker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7983);
        var to = new IPEndPoint(IPAddress.Loopback, target.Port);
        for (int i = 0; i < 300; i++)
        {
            var junk = new byte[random.Next(1, 200)];
            random.NextBytes(junk);
            if (i % 3 == 0)
            {
                // Plausible STUN headers with random bodies.
                var header = new StunHeader(StunMethod.Binding, StunClass.Request, (junk.Length / 4) * 4, StunTransactionId.NewRandom());
                junk = new byte[20 + header.Length];
                random.NextBytes(junk);
                header.Write(junk);
            }

            attacker.SendTo(junk, to);
        }

        // Unknown sources get no data delivered; the real peer still does.
        await pair.ExchangeAsync(9);
        Assert.Contains(pair.B.State, new[] { IceConnectionState.Connected, IceConnectionState.Completed });
    }

    [Fact]
    public async Task ServerReflexive_GatheredFromStunServer()
    {
        // A minimal STUN server on loopback that reports a made-up mapped address (a NAT).
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var serverEndPoint = (IPEndPoint)server.LocalEndPoint!;
        using var stop = new CancellationTokenSource();
        var serve = Task.Run(async () =>
        {
            var buffer = new byte[1500];
            while (!stop.IsCancellationRequested)
            {
                var r = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                if (StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var request, out _))
                {
                    var reply = new byte[64];
                    var w = new StunMessageWriter(reply, StunMethod.Binding, StunClass.SuccessResponse, request!.TransactionId);
                    w.AddXorAddress(StunAttributeType.XorMappedAddress, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40000));
                    w.AddFingerprint();
                    await server.SendToAsync(reply.AsMemory(0, w.Length), r.RemoteEndPoint);
                }
            }
        });

        await using var agent = new IceAgent(IPv4Loopback with { StunServers = [serverEndPoint] }, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        var gathered = new List<IceCandidate>();
        agent.CandidateGathered += gathered.Add;
        await agent.GatherAsync().WaitAsync(IceAgentPair.Timeout);
        await stop.CancelAsync();
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
        var srflx = Assert.Single(gathered, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal("127.0.0.2", srflx.Address);
        Assert.Equal(40000, srflx.Port);
        Assert.Equal("127.0.0.1", srflx.RelatedAddress);
        Assert.Equal(gathered[0].Port, srflx.RelatedPort);
        try
        {
            await serve;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task CheckingFails_WhenPeerNeverAnswers()
    {
        var options = IPv4Loopback with { CheckInitialRtoMs = 50, CheckMaxTransmissions = 3, CheckingTimeoutMs = 1000 };
        await using var agent = new IceAgent(options, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        agent.SetRemoteParameters(IceParameters.Generate());
        await agent.StartAsync(IceRole.Controlling);
        await agent.GatherAsync();
        agent.AddRemoteCandidate($"candidate:1 1 udp 2130706431 127.0.0.1 {((IPEndPoint)silent.LocalEndPoint!).Port} typ host");
        agent.AddRemoteEndOfCandidates();
        await Assert.ThrowsAsync<IceException>(() => agent.ConnectAsync().WaitAsync(IceAgentPair.Timeout));
        Assert.Equal(IceConnectionState.Failed, agent.State);
    }
}
