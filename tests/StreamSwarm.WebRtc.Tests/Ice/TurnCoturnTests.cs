using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Ice.Turn;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

public class TurnCoturnTests(CoturnFixture coturn, ITestOutputHelper output) : IClassFixture<CoturnFixture>
{
    private static readonly IceAgentOptions Loopback = new() { LoopbackOnly = true, EnableIPv6 = false };

    [Fact]
    public async Task RelayOnlyAgent_ConnectsThroughCoturn_AndExchangesDatagrams()
    {
        var relayOnly = Loopback with { TurnServers = [coturn.Server()], TransportPolicy = IceTransportPolicy.Relay };
        await using var pair = IceAgentPair.Create(output, relayOnly, Loopback);
        var signalled = new List<IceCandidate>();
        pair.SignalAToB = c =>
        {
            lock (signalled)
            {
                signalled.Add(c);
            }

            return c.ToString();
        };
        await pair.ConnectAsync();

        var onlyRelay = Assert.Single(signalled);
        Assert.Equal(IceCandidateType.Relayed, onlyRelay.Type);
        Assert.Equal("127.0.0.1", onlyRelay.RelatedAddress);
        Assert.Equal(IceCandidateType.Relayed, pair.A.SelectedPair!.Local.Type);
        Assert.Equal(onlyRelay.Port, pair.B.SelectedPair!.Remote.Port);

        // Enough traffic to go through Send indications first and ChannelData once bound.
        for (int i = 0; i < 40; i++)
        {
            await pair.ExchangeAsync(i);
        }

        var big = new byte[1200];
        big[0] = 23;
        big[3] = 200;
        Random.Shared.NextBytes(big.AsSpan(4));
        pair.A.Transport.Send(big);
        Assert.Equal(big, await IceAgentPair.ReadAsync(pair.ReceivedByB, d => d[3] == 200));
    }

    [Fact]
    public async Task BothRelayOnly_ConnectRelayToRelay()
    {
        var relayOnly = Loopback with { TurnServers = [coturn.Server()], TransportPolicy = IceTransportPolicy.Relay };
        await using var pair = IceAgentPair.Create(output, relayOnly);
        await pair.ConnectAsync();
        Assert.Equal(IceCandidateType.Relayed, pair.A.SelectedPair!.Local.Type);
        Assert.Equal(IceCandidateType.Relayed, pair.A.SelectedPair.Remote.Type);
        Assert.Equal(IceCandidateType.Relayed, pair.B.SelectedPair!.Local.Type);
        for (int i = 0; i < 10; i++)
        {
            await pair.ExchangeAsync(i);
        }
    }

    [Fact]
    public async Task TurnClient_AllocatesRefreshesAndDeletes()
    {
        TurnClient? client = null;
        var received = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        var socket = new IceSocket(IPAddress.Loopback, (_, d, from) =>
        {
            if (client!.IsFromServer(from))
            {
                client.HandlePacket(d);
            }
        }, NullLogger.Instance);
        client = new TurnClient(socket, coturn.Server(), TimeProvider.System, NullLogger.Instance, (_, d, _) => received.Writer.TryWrite(d.ToArray()));
        socket.Start();
        try
        {
            await client.AllocateAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(IPAddress.Loopback, client.RelayedEndPoint.Address);
            Assert.Equal(socket.LocalEndPoint, client.MappedEndPoint);
            Assert.InRange(client.LifetimeSeconds, 1u, 3600u);
            Assert.True(await client.RefreshAsync(300, CancellationToken.None));
            // The server may raise a short request to its minimum (coturn: 600 s).
            Assert.InRange(client.LifetimeSeconds, 300u, 3600u);

            // A plain UDP peer reaches us through the relay once a permission exists.
            using var peer = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
            peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
            client.Send(peerEndPoint, [1, 2, 3]);
            var buffer = new byte[100];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var fromRelay = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            Assert.Equal(client.RelayedEndPoint, fromRelay.RemoteEndPoint);
            Assert.Equal(new byte[] { 1, 2, 3 }, buffer[..fromRelay.ReceivedBytes]);
            await peer.SendToAsync(new byte[] { 9, 8, 7 }, client.RelayedEndPoint);
            Assert.Equal(new byte[] { 9, 8, 7 }, await received.Reader.ReadAsync(wait.Token));

            // The first Send indication started a ChannelBind; once bound, both directions use ChannelData.
            client.Send(peerEndPoint, [4]);
            var bound = DateTime.UtcNow.AddSeconds(5);
            while (!client.IsChannelBound(peerEndPoint) && DateTime.UtcNow < bound)
            {
                await Task.Delay(20);
            }

            Assert.True(client.IsChannelBound(peerEndPoint));
            client.Send(peerEndPoint, [5, 5]);
            while (true)
            {
                var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                if (buffer[0] == 5)
                {
                    Assert.Equal(2, r.ReceivedBytes);
                    break;
                }
            }

            await peer.SendToAsync(new byte[] { 6, 6, 6, 6, 6 }, client.RelayedEndPoint);
            Assert.Equal(new byte[] { 6, 6, 6, 6, 6 }, await received.Reader.ReadAsync(wait.Token));
        }
        finally
        {
            await client.DisposeAsync();
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task TurnClient_RefreshesAllocationBeforeExpiry_OnTheClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        TurnClient? client = null;
        var socket = new IceSocket(IPAddress.Loopback, (_, d, from) =>
        {
            if (client!.IsFromServer(from))
            {
                client.HandlePacket(d);
            }
        }, NullLogger.Instance);
        client = new TurnClient(socket, coturn.Server(), time, NullLogger.Instance, (_, _, _) => { });
        socket.Start();
        try
        {
            await client.AllocateAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            uint lifetime = client.LifetimeSeconds;
            Assert.Equal(0, client.RefreshCount);

            // Up to a minute before expiry nothing is sent; by then one Refresh has succeeded.
            long margin = Math.Min(60, lifetime / 2);
            for (long t = 0; t < lifetime - margin - 10; t += 5)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(2);
            }

            Assert.Equal(0, client.RefreshCount);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (client.RefreshCount == 0 && DateTime.UtcNow < deadline)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }

            Assert.Equal(1, client.RefreshCount);
        }
        finally
        {
            await client.DisposeAsync();
            await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task WrongPassword_GatheringCompletesWithoutRelay()
    {
        var options = Loopback with { TurnServers = [coturn.Server("wrong")], TransportPolicy = IceTransportPolicy.Relay };
        await using var agent = new IceAgent(options, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        var gathered = new List<IceCandidate>();
        agent.CandidateGathered += gathered.Add;
        await agent.GatherAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(gathered);
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
    }
}
