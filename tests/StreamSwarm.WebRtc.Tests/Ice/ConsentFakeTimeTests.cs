using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Stun;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>RFC 7675 consent with the default timings, driven by a fake clock against a peer that stops answering.</summary>
[Collection(TimingSensitiveCollection.Name)]
public class ConsentFakeTimeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DefaultConsent_Every4To6s_DisconnectedAt10s_FailedAt30s()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var peerParameters = IceParameters.Generate();
        var peerKey = StunCredentials.ShortTermKey(peerParameters.Password);
        await using var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false }, time, new TestLogger<IceAgent>(output, "B"));
        var states = new ConcurrentQueue<(IceConnectionState State, TimeSpan At)>();
        var start = time.GetUtcNow();
        agent.StateChanged += s => states.Enqueue((s, time.GetUtcNow() - start));
        agent.SetRemoteParameters(peerParameters);
        await agent.StartAsync(IceRole.Controlled);
        await agent.GatherAsync();
        var agentEndPoint = agent.LocalCandidates[0].EndPoint!;
        var agentKey = StunCredentials.ShortTermKey(agent.LocalParameters.Password);

        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var requests = new ConcurrentDictionary<StunTransactionId, TimeSpan>();
        bool answering = true;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pump = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (!stop.IsCancellationRequested)
            {
                var r = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stop.Token);
                if (!StunMessage.TryRead(buffer.AsSpan(0, r.ReceivedBytes), out var m, out _) || m!.Class != StunClass.Request)
                {
                    continue;
                }

                requests.TryAdd(m.TransactionId, time.GetUtcNow() - start);
                if (Volatile.Read(ref answering))
                {
                    var reply = new byte[128];
                    var w = new StunMessageWriter(reply, StunMethod.Binding, StunClass.SuccessResponse, m.TransactionId);
                    w.AddXorAddress(StunAttributeType.XorMappedAddress, (IPEndPoint)r.RemoteEndPoint);
                    w.AddMessageIntegrity(peerKey);
                    w.AddFingerprint();
                    await peer.SendToAsync(reply.AsMemory(0, w.Length), r.RemoteEndPoint);
                }
            }
        });

        async Task SendCheckAsync(bool useCandidate)
        {
            var bytes = new byte[256];
            var w = new StunMessageWriter(bytes, StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom());
            w.AddString(StunAttributeType.Username, $"{agent.LocalParameters.UsernameFragment}:{peerParameters.UsernameFragment}");
            w.AddUInt32(StunAttributeType.Priority, 1853817087);
            w.AddUInt64(StunAttributeType.IceControlling, ulong.MaxValue);
            if (useCandidate)
            {
                w.AddFlag(StunAttributeType.UseCandidate);
            }

            w.AddMessageIntegrity(agentKey);
            w.AddFingerprint();
            await peer.SendToAsync(bytes.AsMemory(0, w.Length), agentEndPoint);
        }

        async Task StepAsync(int milliseconds)
        {
            for (int elapsed = 0; elapsed < milliseconds; elapsed += 50)
            {
                time.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Delay(3);
            }
        }

        // Peer checks (agent learns it as peer-reflexive), agent's triggered check is answered, then nomination.
        await SendCheckAsync(useCandidate: false);
        await Task.Delay(50);
        await StepAsync(200);
        await SendCheckAsync(useCandidate: true);
        await agent.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var selectedAt = time.GetUtcNow() - start;
        var checksBefore = requests.Keys.ToHashSet();
        Volatile.Write(ref answering, false);

        await StepAsync(31_000);
        await stop.CancelAsync();
        try
        {
            await pump;
        }
        catch (OperationCanceledException)
        {
        }

        var consent = requests.Where(r => !checksBefore.Contains(r.Key)).Select(r => r.Value).Order().ToList();
        output.WriteLine($"selected at {selectedAt}; consent checks at {string.Join(", ", consent)}");
        Assert.InRange(consent.Count, 5, 8);
        var previous = selectedAt;
        foreach (var at in consent)
        {
            Assert.InRange((at - previous).TotalMilliseconds, 4000 - 100, 6000 + 100);
            previous = at;
        }

        var list = states.ToList();
        var disconnected = Assert.Single(list, s => s.State == IceConnectionState.Disconnected);
        var failed = Assert.Single(list, s => s.State == IceConnectionState.Failed);
        Assert.InRange((disconnected.At - selectedAt).TotalMilliseconds, 10_000 - 100, 10_000 + 200);
        Assert.InRange((failed.At - selectedAt).TotalMilliseconds, 30_000 - 100, 30_000 + 200);
        Assert.Equal(IceConnectionState.Failed, agent.State);
    }
}
