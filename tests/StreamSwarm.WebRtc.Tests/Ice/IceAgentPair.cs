using System.Threading.Channels;
using StreamSwarm.WebRtc.Ice;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>Two agents on loopback wired by in-process trickle signalling.</summary>
internal sealed class IceAgentPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private IceAgentPair(IceAgent a, IceAgent b)
    {
        A = a;
        B = b;
    }

    public IceAgent A { get; }

    public IceAgent B { get; }

    public Channel<byte[]> ReceivedByA { get; } = Channel.CreateUnbounded<byte[]>();

    public Channel<byte[]> ReceivedByB { get; } = Channel.CreateUnbounded<byte[]>();

    /// <summary>Candidates A signals to B pass through this filter (null drops).</summary>
    public Func<IceCandidate, string?> SignalAToB { get; set; } = c => c.ToString();

    public static IceAgentPair Create(ITestOutputHelper output, IceAgentOptions optionsA, IceAgentOptions? optionsB = null)
    {
        var a = new IceAgent(optionsA, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        var b = new IceAgent(optionsB ?? optionsA, TimeProvider.System, new TestLogger<IceAgent>(output, "B"));
        var pair = new IceAgentPair(a, b);
        a.CandidateGathered += c =>
        {
            string? line = pair.SignalAToB(c);
            if (line is not null)
            {
                b.AddRemoteCandidate(line);
            }
        };
        b.CandidateGathered += c => a.AddRemoteCandidate("a=" + c);
        a.GatheringCompleted += () => b.AddRemoteEndOfCandidates();
        b.GatheringCompleted += () => a.AddRemoteEndOfCandidates();
        a.Transport.SetReceiver(d => pair.ReceivedByA.Writer.TryWrite(d.ToArray()));
        b.Transport.SetReceiver(d => pair.ReceivedByB.Writer.TryWrite(d.ToArray()));
        return pair;
    }

    public async Task ConnectAsync(IceRole roleA = IceRole.Controlling, IceRole roleB = IceRole.Controlled)
    {
        A.SetRemoteParameters(B.LocalParameters);
        B.SetRemoteParameters(A.LocalParameters);
        await A.StartAsync(roleA);
        await B.StartAsync(roleB);
        await Task.WhenAll(A.GatherAsync(), B.GatherAsync()).WaitAsync(Timeout);
        await Task.WhenAll(A.ConnectAsync(), B.ConnectAsync()).WaitAsync(Timeout);
    }

    /// <summary>Sends one DTLS-looking datagram each way and checks it arrives intact.</summary>
    public async Task ExchangeAsync(int tag)
    {
        byte[] fromA = [23, 0xFE, 0xFD, (byte)tag, 1, 2, 3];
        byte[] fromB = [22, 0xFE, 0xFD, (byte)tag, 4, 5, 6, 7];
        A.Transport.Send(fromA);
        B.Transport.Send(fromB);
        Assert.Equal(fromA, await ReadAsync(ReceivedByB, d => d[3] == tag));
        Assert.Equal(fromB, await ReadAsync(ReceivedByA, d => d[3] == tag));
    }

    public static async Task<byte[]> ReadAsync(Channel<byte[]> channel, Func<byte[], bool> match)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var d = await channel.Reader.ReadAsync(cts.Token);
            if (match(d))
            {
                return d;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
