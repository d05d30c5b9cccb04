using System.Diagnostics;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.PeerConnection;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>Two peer connections over real loopback UDP with the managed SCTP association underneath.</summary>
public sealed class RtcPeerConnectionSctpTests(ITestOutputHelper output)
{
    private const int Messages = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ChannelsFromBothSides_CarryPatternMessages1BTo256KiBBothWays_AndCloseFromEitherSide()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var fromOfferer = pair.Offerer.CreateDataChannel("from-offerer");
        var atAnswerer = PeerPair.NextRemoteChannelAsync(pair.Answerer);
        var sw = Stopwatch.StartNew();
        await pair.NegotiateAsync();
        await ChannelIo.WhenOpenAsync(fromOfferer).WaitAsync(Timeout);
        var remote = await atAnswerer.WaitAsync(Timeout);
        output.WriteLine($"open after {sw.ElapsedMilliseconds} ms");
        Assert.Equal((ushort)1, fromOfferer.Id); // offerer is DTLS server: odd
        Assert.Equal(fromOfferer.Id, remote.Id);

        var atOfferer = PeerPair.NextRemoteChannelAsync(pair.Offerer);
        var fromAnswerer = pair.Answerer.CreateDataChannel("from-answerer");
        var back = await atOfferer.WaitAsync(Timeout);
        await ChannelIo.WhenOpenAsync(fromAnswerer).WaitAsync(Timeout);
        Assert.Equal((ushort)0, fromAnswerer.Id); // DTLS client: even
        Assert.Equal("from-answerer", back.Label);

        // Both directions at once, on both channels.
        sw.Restart();
        var got1 = ChannelIo.ExpectPatternAsync(remote, Messages);
        var got2 = ChannelIo.ExpectPatternAsync(back, Messages);
        var got3 = ChannelIo.ExpectPatternAsync(fromOfferer, Messages); // what `remote` sends back
        await Task.WhenAll(
            ChannelIo.SendPatternAsync(fromOfferer, Messages),
            ChannelIo.SendPatternAsync(fromAnswerer, Messages),
            ChannelIo.SendPatternAsync(remote, Messages));
        Assert.Equal(Messages, await got1.WaitAsync(Timeout));
        Assert.Equal(Messages, await got2.WaitAsync(Timeout));
        Assert.Equal(Messages, await got3.WaitAsync(Timeout));
        output.WriteLine($"3 x {Messages} messages ({3 * MessagePattern.TotalBytes(Messages) / 1e6:F1} MB) verified in {sw.ElapsedMilliseconds} ms");
        Assert.Equal(0, fromOfferer.BufferedAmount);
        Assert.Equal(0, fromAnswerer.BufferedAmount);

        var texts = ChannelIo.Collect(back);
        fromAnswerer.Send("héllo");
        fromAnswerer.Send(string.Empty);
        Assert.True(texts.TryTake(out var text, 5000));
        Assert.Equal("héllo", text.Text);
        Assert.True(texts.TryTake(out var empty, 5000));
        Assert.True(empty.IsText);
        Assert.Empty(empty.Data);

        // Close one channel from the side that opened it, the other from the side that accepted it.
        var remoteClosed = ChannelIo.WhenClosedAsync(remote);
        fromOfferer.Close();
        await remoteClosed.WaitAsync(Timeout);
        await ChannelIo.WhenClosedAsync(fromOfferer).WaitAsync(Timeout);
        var fromAnswererClosed = ChannelIo.WhenClosedAsync(fromAnswerer);
        back.Close();
        await fromAnswererClosed.WaitAsync(Timeout);
        await ChannelIo.WhenClosedAsync(back).WaitAsync(Timeout);

        // The reset stream id is reusable and the association still works.
        var nextRemote = PeerPair.NextRemoteChannelAsync(pair.Answerer);
        var again = pair.Offerer.CreateDataChannel("again");
        var remoteAgain = await nextRemote.WaitAsync(Timeout);
        Assert.Equal(fromOfferer.Id, again.Id);
        var inbox = ChannelIo.Collect(remoteAgain);
        again.Send([7, 7, 7]);
        Assert.True(inbox.TryTake(out var m, 5000));
        Assert.Equal([7, 7, 7], m.Data);
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Offerer.ConnectionState);
    }

    [Fact]
    public async Task UnorderedLimitedRetransmitChannel_DeliversEveryMessageOnLoopback()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var channel = pair.Offerer.CreateDataChannel("u", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 3 });
        var atAnswerer = PeerPair.NextRemoteChannelAsync(pair.Answerer);
        await pair.NegotiateAsync();
        await ChannelIo.WhenOpenAsync(channel).WaitAsync(Timeout);
        var remote = await atAnswerer.WaitAsync(Timeout);
        Assert.False(remote.Ordered);
        Assert.Equal(3, remote.MaxRetransmits);
        var inbox = ChannelIo.Collect(remote);
        var seen = new HashSet<int>();
        for (var i = 0; i < 50; i++)
        {
            channel.Send(BitConverter.GetBytes(i));
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.True(inbox.TryTake(out var m, 5000));
            Assert.True(seen.Add(BitConverter.ToInt32(m.Data)));
        }
    }

    [Fact]
    public async Task MessageLargerThanThePeersMaxMessageSize_IsRefused()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var channel = pair.Offerer.CreateDataChannel("m");
        await pair.NegotiateAsync(sdp => sdp.Replace("a=max-message-size:262144", "a=max-message-size:65536", StringComparison.Ordinal));
        await ChannelIo.WhenOpenAsync(channel).WaitAsync(Timeout);
        Assert.Equal(65536, pair.Offerer.RemoteMaxMessageSize);
        Assert.Throws<ArgumentException>(() => channel.Send(new byte[65537]));
        channel.Send(new byte[65536]);
    }

    [Fact]
    public async Task ClosingThePeerConnection_ClosesTheRemoteChannels()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var channel = pair.Offerer.CreateDataChannel("x");
        var atAnswerer = PeerPair.NextRemoteChannelAsync(pair.Answerer);
        await pair.NegotiateAsync();
        var remote = await atAnswerer.WaitAsync(Timeout);
        var closed = ChannelIo.WhenClosedAsync(remote);
        pair.Offerer.Close();
        await closed.WaitAsync(Timeout); // the association's ABORT reaches the peer
        Assert.Equal(RtcDataChannelState.Closed, channel.ReadyState);
    }

    [Fact]
    public void Options_TakePortsFromSctpPort_AndTheSendLimitFromThePeersMaxMessageSize()
    {
        var p = new SctpConnectParameters(new Dtls.MemoryDatagramLink().A, DtlsRole.Client, 5000, 5001, 0, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        var o = SctpAssociationTransport.OptionsFor(p);
        Assert.Equal(5000, o.LocalPort);
        Assert.Equal(5001, o.RemotePort);
        Assert.Equal(int.MaxValue, o.MaxMessageSize);
        Assert.Equal(65536, SctpAssociationTransport.OptionsFor(p with { RemoteMaxMessageSize = 65536 }).MaxMessageSize);
    }
}
