using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Stun;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>
/// The agent against a hand-driven peer that behaves like Chromium as controlling agent: it
/// checks with USE-CANDIDATE, never answers our checks, and sends DTLS at once.
/// </summary>
public class ChromeLikePeerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Controlled_HonoursUseCandidateBeforeOwnCheck_AndDeliversEarlyDtls()
    {
        var peerParameters = IceParameters.Generate();
        await using var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false }, TimeProvider.System, new TestLogger<IceAgent>(output, "B"));
        var received = Channel.CreateUnbounded<byte[]>();
        agent.SetRemoteParameters(peerParameters);
        await agent.StartAsync(IceRole.Controlled);
        await agent.GatherAsync();
        var host = Assert.Single(agent.LocalCandidates);
        var agentEndPoint = host.EndPoint!;

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        var inbound = Channel.CreateUnbounded<byte[]>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var pump = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (!stop.IsCancellationRequested)
            {
                var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                inbound.Writer.TryWrite(buffer[..r.ReceivedBytes]);
            }
        });

        var agentKey = StunCredentials.ShortTermKey(agent.LocalParameters.Password);
        byte[] Check(bool useCandidate, StunTransactionId id)
        {
            var bytes = new byte[256];
            var w = new StunMessageWriter(bytes, StunMethod.Binding, StunClass.Request, id);
            w.AddString(StunAttributeType.Username, $"{agent.LocalParameters.UsernameFragment}:{peerParameters.UsernameFragment}");
            w.AddBytes((StunAttributeType)0xC057, [0, 1, 0, 10]); // GOOG-NETWORK-INFO, comprehension-optional
            w.AddUInt32(StunAttributeType.Priority, 1853817087);
            w.AddUInt64(StunAttributeType.IceControlling, ulong.MaxValue);
            if (useCandidate)
            {
                w.AddFlag(StunAttributeType.UseCandidate);
            }

            w.AddMessageIntegrity(agentKey);
            w.AddFingerprint();
            return bytes[..w.Length];
        }

        // 1. A check without nomination: answered with XOR-MAPPED-ADDRESS, integrity by the agent's pwd, FINGERPRINT.
        var first = StunTransactionId.NewRandom();
        await peer.SendToAsync(Check(false, first), agentEndPoint);
        var response = await NextStunAsync(inbound, m => m.TransactionId == first);
        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.True(response.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(peerEndPoint, mapped);
        Assert.True(response.VerifyMessageIntegrity(agentKey));
        Assert.True(response.VerifyFingerprint());

        // 2. The agent's own (triggered) check to the peer-reflexive address: USERNAME remote:local, keyed by our pwd.
        var own = await NextStunAsync(inbound, m => m.Class == StunClass.Request);
        Assert.True(own.TryGetString(StunAttributeType.Username, out var username));
        Assert.Equal($"{peerParameters.UsernameFragment}:{agent.LocalParameters.UsernameFragment}", username);
        Assert.True(own.VerifyMessageIntegrity(StunCredentials.ShortTermKey(peerParameters.Password)));
        Assert.True(own.Contains(StunAttributeType.IceControlled));
        Assert.True(own.Contains(StunAttributeType.Priority));
        Assert.True(own.VerifyFingerprint());

        // 3. DTLS before anyone is connected: accepted on the proven pair and buffered.
        byte[] clientHello = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        await peer.SendToAsync(clientHello, agentEndPoint);
        await Task.Delay(100);
        Assert.Equal(IceConnectionState.Checking, agent.State);

        // 4. USE-CANDIDATE: selected although the agent's own checks were never answered.
        await peer.SendToAsync(Check(true, StunTransactionId.NewRandom()), agentEndPoint);
        await agent.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(IceCandidateType.PeerReflexive, agent.SelectedPair!.Remote.Type);
        Assert.Equal(peerEndPoint.Port, agent.SelectedPair.Remote.Port);

        agent.Transport.SetReceiver(d => received.Writer.TryWrite(d.ToArray()));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(clientHello, await received.Reader.ReadAsync(wait.Token));

        // 5. The layer above answers on the selected pair.
        byte[] serverHello = [22, 0xFE, 0xFD, 2];
        agent.Transport.Send(serverHello);
        while (true)
        {
            var d = await inbound.Reader.ReadAsync(wait.Token);
            if (d[0] == 22)
            {
                Assert.Equal(serverHello, d);
                break;
            }
        }

        await stop.CancelAsync();
        try
        {
            await pump;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task Controlling_WithSmallerTieBreaker_Answers487()
    {
        var peerParameters = IceParameters.Generate();
        await using var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false }, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        agent.SetRemoteParameters(peerParameters);
        await agent.StartAsync(IceRole.Controlling);
        await agent.GatherAsync();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var id = StunTransactionId.NewRandom();
        var bytes = new byte[256];
        var w = new StunMessageWriter(bytes, StunMethod.Binding, StunClass.Request, id);
        w.AddString(StunAttributeType.Username, $"{agent.LocalParameters.UsernameFragment}:{peerParameters.UsernameFragment}");
        w.AddUInt32(StunAttributeType.Priority, 1);
        // Both claim controlling; a peer tie-breaker of 0 always loses (RFC 8445 §7.3.1.1).
        w.AddUInt64(StunAttributeType.IceControlling, 0);
        w.AddMessageIntegrity(StunCredentials.ShortTermKey(agent.LocalParameters.Password));
        w.AddFingerprint();
        await peer.SendToAsync(bytes.AsMemory(0, w.Length), agent.LocalCandidates[0].EndPoint!);

        var buffer = new byte[1500];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            if (StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var m, out _) && m!.TransactionId == id)
            {
                Assert.Equal(StunClass.ErrorResponse, m.Class);
                Assert.True(m.TryGetErrorCode(out var error));
                Assert.Equal(487, error.Code);
                Assert.True(m.VerifyMessageIntegrity(StunCredentials.ShortTermKey(agent.LocalParameters.Password)));
                break;
            }
        }

        Assert.Equal(IceRole.Controlling, agent.Role);
    }

    [Fact]
    public async Task WrongPassword_Gets401_AndNoPair()
    {
        await using var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false }, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        await agent.StartAsync(IceRole.Controlled);
        await agent.GatherAsync();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var id = StunTransactionId.NewRandom();
        var bytes = new byte[256];
        var w = new StunMessageWriter(bytes, StunMethod.Binding, StunClass.Request, id);
        w.AddString(StunAttributeType.Username, $"{agent.LocalParameters.UsernameFragment}:peer");
        w.AddUInt32(StunAttributeType.Priority, 1);
        w.AddUInt64(StunAttributeType.IceControlling, 1);
        w.AddMessageIntegrity(StunCredentials.ShortTermKey("not-the-password-at-all"));
        w.AddFingerprint();
        await peer.SendToAsync(bytes.AsMemory(0, w.Length), agent.LocalCandidates[0].EndPoint!);
        var buffer = new byte[1500];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
        Assert.True(StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var m, out _));
        Assert.True(m!.TryGetErrorCode(out var error));
        Assert.Equal(401, error.Code);

        // Data from the unauthenticated source is not delivered.
        var got = new List<byte[]>();
        agent.Transport.SetReceiver(d => got.Add(d.ToArray()));
        await peer.SendToAsync(new byte[] { 23, 1 }, agent.LocalCandidates[0].EndPoint!);
        await Task.Delay(200);
        Assert.Empty(got);
    }

    [Fact]
    public async Task MaximumLengthCredentials_AndManyUnknownAttributes_AreHandled()
    {
        var peerParameters = new IceParameters(new string('u', 256), new string('p', 256));
        await using var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false }, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        agent.SetRemoteParameters(peerParameters);
        await agent.StartAsync(IceRole.Controlled);
        await agent.GatherAsync();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var agentEndPoint = agent.LocalCandidates[0].EndPoint!;
        var agentKey = StunCredentials.ShortTermKey(agent.LocalParameters.Password);

        // 40 unknown comprehension-required attributes: a 420 listing a bounded number of them.
        var id = StunTransactionId.NewRandom();
        var bytes = new byte[1024];
        var w = new StunMessageWriter(bytes, StunMethod.Binding, StunClass.Request, id);
        w.AddString(StunAttributeType.Username, $"{agent.LocalParameters.UsernameFragment}:{peerParameters.UsernameFragment}");
        w.AddUInt32(StunAttributeType.Priority, 1);
        for (ushort t = 0x7F00; t < 0x7F28; t++)
        {
            w.AddFlag((StunAttributeType)t);
        }

        w.AddMessageIntegrity(agentKey);
        w.AddFingerprint();
        await peer.SendToAsync(bytes.AsMemory(0, w.Length), agentEndPoint);

        var buffer = new byte[2048];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
        Assert.True(StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var m, out _));
        Assert.True(m!.TryGetErrorCode(out var error));
        Assert.Equal(420, error.Code);
        Assert.True(m.TryGetAttribute(StunAttributeType.UnknownAttributes, out var listed));
        Assert.InRange(listed.ValueLength / 2, 1, 16);

        // A valid check: the agent's triggered check carries the 513-byte USERNAME, keyed by the 256-char pwd.
        w = new StunMessageWriter(bytes, StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom());
        w.AddString(StunAttributeType.Username, $"{agent.LocalParameters.UsernameFragment}:{peerParameters.UsernameFragment}");
        w.AddUInt32(StunAttributeType.Priority, 1);
        w.AddUInt64(StunAttributeType.IceControlling, ulong.MaxValue);
        w.AddMessageIntegrity(agentKey);
        w.AddFingerprint();
        await peer.SendToAsync(bytes.AsMemory(0, w.Length), agentEndPoint);
        while (true)
        {
            r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            if (StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out m, out _) && m!.Class == StunClass.Request)
            {
                Assert.True(m.TryGetString(StunAttributeType.Username, out var username));
                Assert.Equal(256 + 1 + agent.LocalParameters.UsernameFragment.Length, username.Length);
                Assert.True(m.VerifyMessageIntegrity(StunCredentials.ShortTermKey(peerParameters.Password)));
                break;
            }
        }
    }

    [Fact]
    public async Task Controlling_RetransmitsLostCheck_ThenNominates()
    {
        var peerParameters = IceParameters.Generate();
        var peerKey = StunCredentials.ShortTermKey(peerParameters.Password);
        await using var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false }, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        agent.SetRemoteParameters(peerParameters);
        await agent.StartAsync(IceRole.Controlling);
        await agent.GatherAsync();
        Assert.True(agent.AddRemoteCandidate($"candidate:1 1 udp 2130706431 127.0.0.1 {peerEndPoint.Port} typ host"));

        var buffer = new byte[2048];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var copies = new List<(StunTransactionId Id, DateTime At)>();
        StunMessage? nomination = null;
        while (nomination is null)
        {
            var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
            if (!StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var m, out _) || m!.Class != StunClass.Request)
            {
                continue;
            }

            Assert.True(m.VerifyMessageIntegrity(peerKey));
            Assert.True(m.Contains(StunAttributeType.IceControlling));
            if (m.Contains(StunAttributeType.UseCandidate))
            {
                nomination = m;
            }
            else
            {
                copies.Add((m.TransactionId, DateTime.UtcNow));
                if (copies.Count < 3)
                {
                    continue; // "lost"
                }
            }

            var reply = new byte[128];
            var w = new StunMessageWriter(reply, StunMethod.Binding, StunClass.SuccessResponse, m.TransactionId);
            w.AddXorAddress(StunAttributeType.XorMappedAddress, (IPEndPoint)r.RemoteEndPoint);
            w.AddMessageIntegrity(peerKey);
            w.AddFingerprint();
            await peer.SendToAsync(reply.AsMemory(0, w.Length), r.RemoteEndPoint);
        }

        // One transaction retransmitted with a growing timeout (250 ms, then 500 ms by default).
        Assert.Equal(3, copies.Count);
        Assert.All(copies, c => Assert.Equal(copies[0].Id, c.Id));
        // Sent at 0, 250 and 750 ms. Arrival is read by this test's own loop, which a loaded machine
        // can hold back for a while (two copies were once read 2 ms apart), so only the whole span
        // is checked, loosely: the agent waited between copies instead of sending them at once.
        Assert.InRange((copies[2].At - copies[0].At).TotalMilliseconds, 300, 5000);
        Assert.NotEqual(copies[0].Id, nomination.TransactionId);
        await agent.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(peerEndPoint.Port, agent.SelectedPair!.Remote.Port);
    }

    private static async Task<StunMessage> NextStunAsync(Channel<byte[]> inbound, Func<StunMessage, bool> match)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var d = await inbound.Reader.ReadAsync(wait.Token);
            if (StunMessage.TryRead(d, out var m, out _) && match(m!))
            {
                return m!;
            }
        }
    }
}
