using StreamSwarm.WebRtc.Sctp;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Sctp;

public class SctpAssociationTests
{
    private readonly ITestOutputHelper _output;

    public SctpAssociationTests(ITestOutputHelper output) => _output = output;

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Handshake_OneSideStarting_BothEstablished()
    {
        await using var pair = new SctpPair();
        pair.Connect(both: false);
    }

    [Fact]
    public async Task Handshake_BothSendInitAtOnce_BothEstablished()
    {
        await using var pair = new SctpPair();
        pair.Connect(both: true);
    }

    [Fact]
    public async Task Handshake_UnderLoss_StillEstablishes()
    {
        await using var pair = new SctpPair(new InMemoryLink(seed: 7, loss: 0.3));
        pair.Connect(both: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(64 * 1024)]
    [InlineData(256 * 1024)]
    public async Task Messages_ArriveIntactAndInOrder_BothWays(int size)
    {
        await using var pair = new SctpPair();
        pair.Connect();
        var sent = new List<byte[]>();
        for (var i = 0; i < 4; i++)
        {
            var m = Pattern(size, i);
            sent.Add(m);
            Assert.True(pair.A.Send(1, 53, m));
            Assert.True(pair.B.Send(2, 51, m));
        }

        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == 4 && pair.ReceivedByA.Count == 4));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(sent[i], pair.ReceivedByB[i].Data);
            Assert.Equal((ushort)1, pair.ReceivedByB[i].Stream);
            Assert.Equal(53u, pair.ReceivedByB[i].Ppid);
            Assert.Equal(sent[i], pair.ReceivedByA[i].Data);
            Assert.Equal(51u, pair.ReceivedByA[i].Ppid);
        }
    }

    [Fact]
    public async Task Send_BeforeEstablished_IsDeliveredAfterHandshake()
    {
        await using var pair = new SctpPair();
        Assert.True(pair.A.Send(1, 53, [7, 7]));
        pair.Connect();
        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == 1));
        Assert.Equal(new byte[] { 7, 7 }, pair.ReceivedByB[0].Data);
    }

    [Fact]
    public async Task Start_WithNoPeer_FaultsAfterInitRetransmits()
    {
        await using var pair = new SctpPair(new InMemoryLink(loss: 1.0));
        var start = pair.A.StartAsync(CancellationToken.None);
        Assert.True(pair.RunUntil(() => start.IsCompleted, TimeSpan.FromSeconds(60)));
        await Assert.ThrowsAsync<SctpAssociationException>(() => start);
        Assert.Equal(SctpAssociationState.Closed, pair.A.State);
        Assert.False(pair.A.Send(1, 53, [1]));
    }

    [Fact]
    public async Task Send_RejectsEmptyAndTooBig()
    {
        await using var pair = new SctpPair();
        Assert.False(pair.A.Send(1, 53, []));
        Assert.False(pair.A.Send(1, 53, new byte[(256 * 1024) + 1]));
    }

    [Fact]
    public async Task Unordered_AllDelivered()
    {
        await using var pair = new SctpPair(new InMemoryLink(seed: 3, reorder: 0.2));
        pair.Connect();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(pair.A.Send(5, 53, Pattern(3000, i), unordered: true));
        }

        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == 50));
        var expected = Enumerable.Range(0, 50).Select(i => Convert.ToHexString(Pattern(3000, i))).Order();
        Assert.Equal(expected, pair.ReceivedByB.Select(m => Convert.ToHexString(m.Data)).Order());
    }

    [Fact]
    public async Task LossyLink_500MessagesArriveWholeAndInOrder()
    {
        await using var pair = new SctpPair(new InMemoryLink(seed: 42, loss: 0.05, duplicate: 0.05, reorder: 0.05));
        pair.Connect();
        for (var i = 0; i < 500; i++)
        {
            Assert.True(pair.A.Send(1, 53, Pattern(100 + (i * 37 % 5000), i)));
        }

        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count >= 500), $"received {pair.ReceivedByB.Count}");
        Assert.Equal(500, pair.ReceivedByB.Count);
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(Pattern(100 + (i * 37 % 5000), i), pair.ReceivedByB[i].Data);
        }

        _output.WriteLine($"{pair.Elapsed.TotalMilliseconds} ms simulated; A: {pair.A.Counters}");
        Assert.True(pair.A.Counters.FastRetransmits > 0);
    }

    [Fact]
    public async Task PartialReliability_MaxRetransmitsZero_ReceiverSkipsAndLaterMessagesArrive()
    {
        var link = new InMemoryLink(seed: 5);
        await using var pair = new SctpPair(link);
        pair.Connect();
        link.Loss = 0.3;
        for (var i = 0; i < 100; i++)
        {
            Assert.True(pair.A.Send(1, 53, BitConverter.GetBytes(i), maxRetransmits: 0));
        }

        pair.RunUntil(() => false, TimeSpan.FromSeconds(5));
        link.Loss = 0;
        Assert.True(pair.A.Send(1, 53, BitConverter.GetBytes(1000)));
        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count > 0 && BitConverter.ToInt32(pair.ReceivedByB[^1].Data) == 1000));
        var values = pair.ReceivedByB.Select(m => BitConverter.ToInt32(m.Data)).ToList();
        Assert.True(values.Count < 101, "some messages should have been abandoned under 30 % loss");
        Assert.Equal(values.Order(), values);
        Assert.Equal(values.Distinct().Count(), values.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PartialReliability_LargeMessagesUnderLoss_SkippedWholeAndReliableOneArrives(bool useLifetime)
    {
        var link = new InMemoryLink(seed: 11);
        await using var pair = new SctpPair(link);
        pair.Connect();
        link.Loss = 0.1;
        for (var i = 0; i < 20; i++)
        {
            var m = Pattern(64 * 1024, i);
            m[0] = (byte)i;
            Assert.True(useLifetime
                ? pair.A.Send(1, 53, m, lifetime: TimeSpan.FromMilliseconds(30))
                : pair.A.Send(1, 53, m, maxRetransmits: 0));
        }

        pair.RunUntil(() => false, TimeSpan.FromSeconds(10));
        link.Loss = 0;
        Assert.True(pair.A.Send(1, 53, [0xFF]));
        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count > 0 && pair.ReceivedByB[^1].Data.Length == 1));
        Assert.True(pair.ReceivedByB.Count < 21);
        var previous = -1;
        foreach (var (_, _, data) in pair.ReceivedByB.SkipLast(1))
        {
            var expected = Pattern(64 * 1024, data[0]);
            expected[0] = data[0];
            Assert.Equal(expected, data);
            Assert.True(data[0] > previous);
            previous = data[0];
        }

        Assert.Equal(0, pair.A.GetBufferedAmount(1));
        Assert.True(pair.A.Counters.ForwardTsnsSent > 0);
        _output.WriteLine($"{pair.Elapsed.TotalMilliseconds} ms simulated; A: {pair.A.Counters}");
    }

    [Fact]
    public async Task StreamReset_BothWays_RaisesEventsAndStreamIsReusable()
    {
        await using var pair = new SctpPair();
        pair.Connect();
        var resetAtB = new List<ushort>();
        var resetAtA = new List<ushort>();
        var completedAtA = new List<ushort>();
        pair.B.StreamReset += resetAtB.Add;
        pair.A.StreamReset += resetAtA.Add;
        pair.A.OutgoingStreamResetCompleted += completedAtA.Add;
        Assert.True(pair.A.Send(4, 53, [1, 2, 3]));
        pair.A.ResetStreams(4);
        Assert.True(pair.RunUntil(() => resetAtB.Count == 1 && completedAtA.Count == 1));
        Assert.Single(pair.ReceivedByB);
        pair.B.ResetStreams(4);
        Assert.True(pair.RunUntil(() => resetAtA.Count == 1));
        Assert.True(pair.A.Send(4, 53, [9]));
        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == 2));
        Assert.Equal(new byte[] { 9 }, pair.ReceivedByB[1].Data);
    }

    [Fact]
    public async Task Shutdown_AfterDataIsAcked_ClosesBoth()
    {
        await using var pair = new SctpPair();
        pair.Connect();
        Assert.True(pair.A.Send(1, 53, Pattern(100_000, 1)));
        var done = pair.A.ShutdownAsync(CancellationToken.None);
        Assert.False(pair.A.Send(1, 53, [1]));
        Assert.True(pair.RunUntil(() => done.IsCompleted && pair.B.State == SctpAssociationState.Closed));
        Assert.True(done.IsCompletedSuccessfully);
        Assert.Single(pair.ReceivedByB);
    }

    [Fact]
    public async Task Abort_ClosesPeerAndFaultsNothingAfterEstablished()
    {
        await using var pair = new SctpPair();
        pair.Connect();
        pair.A.Abort("bye");
        Assert.True(pair.RunUntil(() => pair.B.State == SctpAssociationState.Closed && pair.A.State == SctpAssociationState.Closed));
        Assert.False(pair.B.Send(1, 53, [1]));
    }

    [Fact]
    public async Task GarbageCookie_IsAnsweredWithAbort_AndStartFaults()
    {
        var link = new InMemoryLink();
        link.Tamper = packet =>
        {
            if (packet.Length > 16 && packet[12] == 2)
            {
                packet[40] ^= 0x5A; // 12 header + 20 INIT-ACK fields + 4 parameter header: inside the cookie
                StreamSwarm.WebRtc.Sctp.SctpPacket.SetChecksum(packet);
            }

            return packet;
        };
        await using var pair = new SctpPair(link);
        var start = pair.A.StartAsync(CancellationToken.None);
        Assert.True(pair.RunUntil(() => start.IsCompleted, TimeSpan.FromSeconds(10)));
        var ex = await Assert.ThrowsAsync<SctpAssociationException>(() => start);
        Assert.Contains("cookie", ex.Message, StringComparison.Ordinal);
        Assert.NotEqual(SctpAssociationState.Established, pair.B.State);
    }

    [Fact]
    public async Task BufferedAmount_FallsToZero_AndLowEventFires()
    {
        await using var pair = new SctpPair();
        pair.Connect();
        var low = 0;
        pair.A.BufferedAmountLow += _ => low++;
        pair.A.SetBufferedAmountLowThreshold(1, 1000);
        Assert.True(pair.A.Send(1, 53, Pattern(200_000, 2)));
        Assert.Equal(200_000, pair.A.GetBufferedAmount(1));
        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == 1));
        Assert.Equal(0, pair.A.GetBufferedAmount(1));
        Assert.Equal(1, low);
    }
}
