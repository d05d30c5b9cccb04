using System.Diagnostics;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.PeerConnection;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>
/// Two peer connections (ICE, DTLS, SCTP, DCEP — all real) whose only path is a loopback UDP relay
/// that drops, reorders and duplicates 5 % of datagrams each way.
/// The impairment applies from the first datagram: ICE checks, the DTLS handshake, the SCTP
/// handshake and DCEP go through it as well as the data.
/// </summary>
public sealed class RtcPeerConnectionLossyRelayTests(ITestOutputHelper output)
{
    private const int Messages = 200;
    private const int MessagesBack = 100;
    private const double Impairment = 0.05;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>DTLS retransmits after 1, 2, 4 and 8 s: four lost flights in a row still open in time.</summary>
    private static readonly TimeSpan SetUpTimeout = TimeSpan.FromSeconds(25);

    /// <summary>~10 MB through the impaired path: ~9 s on a loaded machine, far more when other test classes run Chromium beside it.</summary>
    private static readonly TimeSpan BulkTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task ThroughARelayThatDropsReordersAndDuplicates5Percent_OrderedMessagesArriveWholeAndInOrder_BothWays()
    {
        await using var relay = new LossyUdpRelay(seed: 1, Impairment, Impairment, Impairment, TimeSpan.FromMinutes(5));
        var config = new RtcConfiguration { LoopbackOnly = true };
        await using var a = new RtcPeerConnection(config);
        await using var b = new RtcPeerConnection(config);
        var sw = Stopwatch.StartNew();
        var atB = PeerPair.NextRemoteChannelAsync(b);
        var fromA = await ConnectThroughAsync(relay, a, b);
        await ChannelIo.WhenOpenAsync(fromA).WaitAsync(Timeout);
        var fromB = await atB.WaitAsync(Timeout);
        Assert.True(fromA.Ordered);
        output.WriteLine($"open after {sw.ElapsedMilliseconds} ms via {a.SelectedCandidatePair}");
        Assert.Equal(relay.ForA.Port, a.SelectedCandidatePair!.Remote.Port);
        Assert.Equal(relay.ForB.Port, b.SelectedCandidatePair!.Remote.Port);

        sw.Restart();
        var gotAtB = ChannelIo.ExpectPatternAsync(fromB, Messages);
        var gotAtA = ChannelIo.ExpectPatternAsync(fromA, MessagesBack);
        await Task.WhenAll(ChannelIo.SendPatternAsync(fromA, Messages, BulkTimeout), ChannelIo.SendPatternAsync(fromB, MessagesBack, BulkTimeout));
        Assert.Equal(Messages, await gotAtB.WaitAsync(BulkTimeout));
        Assert.Equal(MessagesBack, await gotAtA.WaitAsync(BulkTimeout));
        var bytes = MessagePattern.TotalBytes(Messages) + MessagePattern.TotalBytes(MessagesBack);
        output.WriteLine($"{Messages} + {MessagesBack} messages ({bytes / 1e6:F1} MB, 1 B to 256 KiB) verified whole and in order in {sw.ElapsedMilliseconds} ms");
        output.WriteLine($"A -> B: {relay.AToB}");
        output.WriteLine($"B -> A: {relay.BToA}");
        output.WriteLine($"SCTP at A: {a.SctpAssociation!.Counters}");
        output.WriteLine($"SCTP at B: {b.SctpAssociation!.Counters}");

        // The relay really impaired the traffic, at about the rate asked for.
        foreach (var direction in new[] { relay.AToB, relay.BToA })
        {
            var seen = direction.Forwarded + direction.Dropped;
            Assert.InRange(direction.Dropped, seen / 40, seen / 10);
            Assert.InRange(direction.Reordered, seen / 40, seen / 10);
            Assert.InRange(direction.Duplicated, seen / 40, seen / 10);
        }

        Assert.Equal(RtcPeerConnectionState.Connected, a.ConnectionState);
        Assert.Equal(RtcPeerConnectionState.Connected, b.ConnectionState);
    }

    [Fact]
    public async Task SetUpThroughTheImpairedRelay_OpensTheChannel_ForEachOf24LossPatterns()
    {
        // Each seed is another pattern of drops, reorders and duplicates during set-up. Before DTLS
        // flights were packed into one datagram, 2 of 24 seeds wedged the DTLS handshake for good.
        var times = new List<long>();
        for (var seed = 1; seed <= 24; seed++)
        {
            await using var relay = new LossyUdpRelay(seed, Impairment, Impairment, Impairment, TimeSpan.FromMinutes(2));
            var config = new RtcConfiguration { LoopbackOnly = true };
            await using var a = new RtcPeerConnection(config);
            await using var b = new RtcPeerConnection(config);
            var sw = Stopwatch.StartNew();
            var fromA = await ConnectThroughAsync(relay, a, b);
            try
            {
                await ChannelIo.WhenOpenAsync(fromA).WaitAsync(SetUpTimeout);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"seed {seed}: channel not open after {sw.ElapsedMilliseconds} ms (ICE {a.IceConnectionState}/{b.IceConnectionState}, connection {a.ConnectionState}/{b.ConnectionState}); A -> B {relay.AToB}; B -> A {relay.BToA}");
            }

            times.Add(sw.ElapsedMilliseconds);
            output.WriteLine($"seed {seed}: open after {sw.ElapsedMilliseconds} ms; A -> B {relay.AToB}; B -> A {relay.BToA}");
        }

        times.Sort();
        output.WriteLine($"24 set-ups through 5 % loss/reorder/duplication: median {times[12]} ms, max {times[^1]} ms");
    }

    /// <summary>Offer/answer between A and B with each side's candidates rewritten to the relay; A's ordered channel.</summary>
    private static async Task<RtcDataChannel> ConnectThroughAsync(LossyUdpRelay relay, RtcPeerConnection a, RtcPeerConnection b)
    {
        a.IceCandidate += c => Signal(c, relay.RewriteFromA, b);
        b.IceCandidate += c => Signal(c, relay.RewriteFromB, a);
        var fromA = a.CreateDataChannel("ordered");
        var offer = await a.CreateOfferAsync();
        await a.SetLocalDescriptionAsync(offer);
        await b.SetRemoteDescriptionAsync(offer);
        var answer = await b.CreateAnswerAsync();
        await b.SetLocalDescriptionAsync(answer);
        await a.SetRemoteDescriptionAsync(answer);
        return fromA;
    }

    private static void Signal(RtcIceCandidate candidate, Func<string, string?> rewrite, RtcPeerConnection to)
    {
        if (candidate.IsEndOfCandidates)
        {
            to.AddIceCandidate(candidate);
            return;
        }

        if (rewrite(candidate.Candidate) is { } relayed)
        {
            to.AddIceCandidate(candidate with { Candidate = relayed });
        }
    }
}
