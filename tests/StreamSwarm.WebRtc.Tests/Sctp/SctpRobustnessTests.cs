using System.Buffers.Binary;
using StreamSwarm.WebRtc.Sctp;
using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Tests.Sctp;

public class SctpRobustnessTests
{
    // Chunks a real peer may legitimately use to end or rewrite the association's state (ABORT,
    // SHUTDOWN*, DATA, FORWARD-TSN) are not injected: the tag and checksum make them authentic.
    private static readonly byte[] InjectedTypes = [3, 4, 5, 9, 10, 11, 1, 2, 130, 0x3F, 0x40, 0x80, 0xC5];

    [Fact]
    public async Task RandomAndMutatedPackets_NeverBreakAnEstablishedAssociation()
    {
        var link = new InMemoryLink(seed: 9);
        var captured = new List<byte[]>();
        link.Tamper = p =>
        {
            if (captured.Count < 200)
            {
                captured.Add(p.ToArray());
            }

            return p;
        };
        await using var pair = new SctpPair(link);
        pair.Connect();
        Assert.True(pair.A.Send(1, 53, new byte[5000]));
        Assert.True(pair.B.Send(2, 53, new byte[5000]));
        Assert.True(pair.RunUntil(() => pair.ReceivedByA.Count == 1 && pair.ReceivedByB.Count == 1));
        link.Tamper = null;

        var rng = new Random(2024);
        var injected = 0;
        for (var i = 0; i < 5000; i++)
        {
            byte[] packet;
            if (i % 2 == 0)
            {
                packet = new byte[12 + rng.Next(4, 200)];
                rng.NextBytes(packet);
                packet[12] = InjectedTypes[rng.Next(InjectedTypes.Length)];
            }
            else
            {
                packet = (byte[])captured[rng.Next(captured.Count)].Clone();
                for (var m = rng.Next(1, 5); m > 0; m--)
                {
                    packet[12 + rng.Next(packet.Length - 12)] = (byte)rng.Next(256);
                }
            }

            new SctpPacketHeader(5000, 5000, pair.B.LocalTag).Write(packet);
            if (ContainsForbiddenChunk(packet))
            {
                continue;
            }

            SctpPacket.SetChecksum(packet);
            link.A.Send(packet);
            injected++;
            pair.B.ProcessPendingWork();
            pair.A.ProcessPendingWork();
        }

        Assert.True(injected > 1000);
        Assert.Equal(SctpAssociationState.Established, pair.B.State);
        Assert.Equal(SctpAssociationState.Established, pair.A.State);
        Assert.True(pair.A.Send(1, 53, [1, 2, 3]));
        Assert.True(pair.B.Send(2, 53, [4, 5, 6]));
        Assert.True(pair.RunUntil(() => pair.ReceivedByA.Count == 2 && pair.ReceivedByB.Count == 2));
        Assert.Equal(new byte[] { 1, 2, 3 }, pair.ReceivedByB[1].Data);
        Assert.Equal(new byte[] { 4, 5, 6 }, pair.ReceivedByA[1].Data);
    }

    [Fact]
    public async Task LossyLink_LargeMessagesBothWays_ArriveIntact()
    {
        await using var pair = new SctpPair(new InMemoryLink(seed: 77, loss: 0.05, duplicate: 0.05, reorder: 0.05));
        pair.Connect();
        var messages = Enumerable.Range(0, 6).Select(i =>
        {
            var m = new byte[(i + 1) * 40_000];
            new Random(i).NextBytes(m);
            return m;
        }).ToList();
        foreach (var m in messages)
        {
            Assert.True(pair.A.Send(1, 53, m));
            Assert.True(pair.B.Send(1, 53, m));
        }

        Assert.True(pair.RunUntil(() => pair.ReceivedByA.Count == 6 && pair.ReceivedByB.Count == 6));
        Assert.Equal(messages, pair.ReceivedByB.Select(r => r.Data));
        Assert.Equal(messages, pair.ReceivedByA.Select(r => r.Data));
    }

    [Fact]
    public async Task TsnAndSsnWrapAround_UnderLoss_MessagesStayWholeAndOrdered()
    {
        var options = new SctpOptions { InitialTsn = 0xFFFFFF00 };
        await using var pair = new SctpPair(new InMemoryLink(seed: 21, loss: 0.05, reorder: 0.05), options);
        pair.Connect();
        const int count = 66_000; // past the 16-bit SSN wrap on one stream
        for (var i = 0; i < count; i++)
        {
            Assert.True(pair.A.Send(1, 53, BitConverter.GetBytes(i)));
            if (i % 2000 == 1999)
            {
                Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == i + 1), $"stalled at {pair.ReceivedByB.Count}");
            }
        }

        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == count));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32(pair.ReceivedByB[i].Data));
        }
    }

    [Fact]
    public async Task Heartbeat_IsAnsweredOnIdle()
    {
        var link = new InMemoryLink();
        var heartbeats = 0;
        var acks = 0;
        link.Tamper = p =>
        {
            if (p.Length > 12 && p[12] == (byte)SctpChunkType.Heartbeat)
            {
                heartbeats++;
            }
            else if (p.Length > 12 && p[12] == (byte)SctpChunkType.HeartbeatAck)
            {
                acks++;
            }

            return p;
        };
        await using var pair = new SctpPair(link);
        pair.Connect();
        Assert.True(pair.RunUntil(() => acks >= 2, TimeSpan.FromSeconds(70)));
        Assert.True(heartbeats >= 2);
        Assert.Equal(SctpAssociationState.Established, pair.A.State);
    }

    [Fact]
    public async Task Sack_IsDelayedUpTo20msForALonePacket_AndImmediateOnAGap()
    {
        var link = new InMemoryLink();
        SctpPair? pair = null;
        var sackTimes = new List<TimeSpan>();
        var dropNextData = false;
        link.Tamper = p =>
        {
            if (p.Length > 12 && p[12] == (byte)SctpChunkType.Sack)
            {
                sackTimes.Add(pair!.Elapsed);
            }

            if (dropNextData && p.Length > 12 && p[12] == (byte)SctpChunkType.Data)
            {
                dropNextData = false;
                return null;
            }

            return p;
        };
        pair = new SctpPair(link);
        await using var _ = pair;
        pair.Connect();
        var start = pair.Elapsed;
        Assert.True(pair.A.Send(1, 53, [1]));
        Assert.True(pair.RunUntil(() => sackTimes.Count == 1, TimeSpan.FromSeconds(1)));
        Assert.InRange((sackTimes[0] - start).TotalMilliseconds, 15, 25);

        // Lose one message of three sent together: the next packet opens a gap and is acked at once.
        dropNextData = true;
        start = pair.Elapsed;
        Assert.True(pair.A.Send(1, 53, new byte[1100]));
        Assert.True(pair.A.Send(1, 53, new byte[1100]));
        Assert.True(pair.RunUntil(() => sackTimes.Count >= 2, TimeSpan.FromSeconds(1)));
        Assert.InRange((sackTimes[1] - start).TotalMilliseconds, 0, 2);
        Assert.True(pair.RunUntil(() => pair.ReceivedByB.Count == 3, TimeSpan.FromSeconds(5)));
    }

    private static bool ContainsForbiddenChunk(byte[] packet)
    {
        var e = new SctpChunkEnumerator(packet.AsSpan(12));
        while (e.MoveNext())
        {
            if (Array.IndexOf(InjectedTypes, e.Current.Type) < 0)
            {
                return true;
            }
        }

        // A truncated tail is still parsed chunk by chunk up to the bad length; check the raw first byte too.
        return Array.IndexOf(InjectedTypes, packet[12]) < 0 || BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(14)) < 4;
    }
}
