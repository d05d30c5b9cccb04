using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;

namespace StreamSwarm.WebRtc.Tests.DataChannel;

public sealed class DataChannelRouterTests
{
    private readonly MemoryDataChannelTransport _a;
    private readonly MemoryDataChannelTransport _b;
    private readonly DataChannelRouter _client;
    private readonly DataChannelRouter _server;
    private readonly List<RtcDataChannel> _openedAtServer = [];
    private readonly List<RtcDataChannel> _openedAtClient = [];

    public DataChannelRouterTests()
    {
        (_a, _b) = MemoryDataChannelTransport.CreatePair();
        _client = new DataChannelRouter(_a, DtlsRole.Client);
        _server = new DataChannelRouter(_b, DtlsRole.Server);
        _server.ChannelOpened += _openedAtServer.Add;
        _client.ChannelOpened += _openedAtClient.Add;
    }

    [Fact]
    public void DcepOpenReplayedWhileTheRouterBecomesTheHandler_ReachesTheChannelOpenedCallback()
    {
        // Regression: the SCTP adapter replays an OPEN that arrived before the router existed from
        // inside the router's constructor; subscribing to ChannelOpened afterwards lost the channel.
        var (a, _) = MemoryDataChannelTransport.CreatePair();
        var message = new DcepOpenMessage(DataChannelType.Reliable, 0, 0, "early", string.Empty);
        var open = new byte[message.GetSize()];
        var n = message.Write(open);
        a.WhenHandlerSet = h => h.OnMessage(1, (uint)DataChannelPpid.Dcep, open.AsSpan(0, n));
        var opened = new List<RtcDataChannel>();
        _ = new DataChannelRouter(a, DtlsRole.Client, channelOpened: opened.Add);
        Assert.Equal("early", Assert.Single(opened).Label);
        Assert.Equal((ushort)1, opened[0].Id);
    }

    [Fact]
    public void InBandChannels_UseEvenIdsOnTheClientAndOddOnTheServer()
    {
        var c1 = _client.CreateChannel("c1");
        var c2 = _client.CreateChannel("c2");
        var s1 = _server.CreateChannel("s1");
        Assert.Equal((ushort)0, c1.Id);
        Assert.Equal((ushort)2, c2.Id);
        Assert.Equal((ushort)1, s1.Id);
        Assert.Equal(["c1", "c2"], _openedAtServer.Select(c => c.Label));
        Assert.Equal("s1", Assert.Single(_openedAtClient).Label);
        Assert.All(_openedAtServer, c => Assert.Equal(RtcDataChannelState.Open, c.ReadyState));
    }

    [Fact]
    public void Open_SendsDcepOpenOrderedReliable_AndThePeerAcks()
    {
        var c = _client.CreateChannel("chat", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 2, Protocol = "p" });
        var open = _a.Sent[0];
        Assert.Equal(DataChannelPpid.Dcep, open.Ppid);
        Assert.Equal(DataChannelSendOptions.Reliable, open.Options);
        Assert.True(DcepOpenMessage.TryRead(open.Payload, out var m, out _));
        Assert.Equal(new DcepOpenMessage(DataChannelType.PartialReliableRexmitUnordered, 0, 2, "chat", "p"), m);
        Assert.Equal([0x02], _b.Sent[0].Payload);
        Assert.True(c.Acknowledged);
        var remote = Assert.Single(_openedAtServer);
        Assert.False(remote.Ordered);
        Assert.Equal(2, remote.MaxRetransmits);
        Assert.Equal("p", remote.Protocol);
    }

    [Fact]
    public void Messages_FlowBothWays_WithTheRightPpids_AndEmptyMessagesAsOneZeroByte()
    {
        var c = _client.CreateChannel("chat");
        var s = Assert.Single(_openedAtServer);
        var atServer = new List<RtcDataChannelMessage>();
        var atClient = new List<RtcDataChannelMessage>();
        s.MessageReceived += (_, m) => atServer.Add(m);
        c.MessageReceived += (_, m) => atClient.Add(m);

        c.Send("héllo");
        c.Send([1, 2, 3]);
        c.Send(string.Empty);
        c.Send(ReadOnlySpan<byte>.Empty);
        s.Send("back");

        Assert.Equal(
            [DataChannelPpid.String, DataChannelPpid.Binary, DataChannelPpid.StringEmpty, DataChannelPpid.BinaryEmpty],
            _a.Sent.Skip(1).Select(x => x.Ppid));
        Assert.Equal([0], _a.Sent[3].Payload);
        Assert.Equal("héllo", atServer[0].Text);
        Assert.True(atServer[0].IsText);
        Assert.Equal([1, 2, 3], atServer[1].Data);
        Assert.False(atServer[1].IsText);
        Assert.Equal((true, 0), (atServer[2].IsText, atServer[2].Data.Length));
        Assert.Equal((false, 0), (atServer[3].IsText, atServer[3].Data.Length));
        Assert.Equal("back", Assert.Single(atClient).Text);
    }

    [Theory]
    [InlineData(52u, false)]
    [InlineData(54u, true)]
    public void DeprecatedPartialPpids_AreAcceptedAsWholeMessages(uint ppid, bool isText)
    {
        var c = _client.CreateChannel("chat");
        var got = new List<RtcDataChannelMessage>();
        c.MessageReceived += (_, m) => got.Add(m);
        _a.Inject(c.Id!.Value, ppid, [0x41]);
        Assert.Equal(isText, Assert.Single(got).IsText);
    }

    [Fact]
    public void UnknownPpidAndStreamsWithoutChannel_AreDropped()
    {
        var c = _client.CreateChannel("chat");
        var got = new List<RtcDataChannelMessage>();
        c.MessageReceived += (_, m) => got.Add(m);
        _a.Inject(c.Id!.Value, 99, [1]);
        _a.Inject(40, 53, [1]);
        _a.Inject(c.Id!.Value, 50, [0x07]);
        _a.Inject(c.Id!.Value, 50, [0x03, 0x00]);
        Assert.Empty(got);
    }

    [Fact]
    public void OpenWithOurParity_IsRefusedWithAStreamReset()
    {
        var open = new DcepOpenMessage(DataChannelType.Reliable, 0, 0, "bad", string.Empty);
        var bytes = new byte[open.GetSize()];
        open.Write(bytes);
        _b.Inject(3, 50, bytes); // odd id arriving at the (odd) server
        Assert.Empty(_openedAtServer);
        Assert.Equal([(ushort)3], _b.Resets);
    }

    [Fact]
    public void DataBeforeAck_IsAccepted_AndCountsAsTheAck()
    {
        _b.SetHandler(null); // the server does not answer
        var c = _client.CreateChannel("chat", new RtcDataChannelInit { Ordered = false });
        Assert.False(c.Acknowledged);
        c.Send("first");
        Assert.False(_a.Sent[^1].Options.Unordered); // ordered until ACK (RFC 8832 §6)
        var got = new List<string>();
        c.MessageReceived += (_, m) => got.Add(m.Text);
        _a.Inject(0, 51, "early"u8.ToArray());
        Assert.Equal(["early"], got);
        Assert.True(c.Acknowledged);
        c.Send("second");
        Assert.True(_a.Sent[^1].Options.Unordered);
    }

    [Fact]
    public void NegotiatedChannels_SendNoDcep_AndPairById()
    {
        var c = _client.CreateChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 7 });
        var s = _server.CreateChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 7 });
        Assert.Empty(_a.Sent);
        Assert.Empty(_openedAtServer);
        var got = new List<string>();
        s.MessageReceived += (_, m) => got.Add(m.Text);
        c.Send("x");
        Assert.Equal(["x"], got);
        Assert.Throws<InvalidOperationException>(() => _client.CreateChannel("dup", new RtcDataChannelInit { Negotiated = true, Id = 7 }));
    }

    [Fact]
    public void Close_ResetsTheStream_AndBothSidesEndClosed_AndTheIdIsReused()
    {
        var c = _client.CreateChannel("chat");
        var s = Assert.Single(_openedAtServer);
        var closed = new List<string>();
        c.Closed += _ => closed.Add("client");
        s.Closed += _ => closed.Add("server");

        c.Close();

        Assert.Equal([(ushort)0], _a.Resets);
        Assert.Equal([(ushort)0], _b.Resets);
        Assert.Equal(RtcDataChannelState.Closed, c.ReadyState);
        Assert.Equal(RtcDataChannelState.Closed, s.ReadyState);
        Assert.Equal(["client", "server"], closed.Order());
        Assert.Throws<InvalidOperationException>(() => c.Send("late"));
        Assert.Equal((ushort)0, _client.CreateChannel("again").Id);
    }

    [Fact]
    public void BufferedAmount_TracksQueuedBytes_AndRaisesLowAtTheThreshold()
    {
        _a.HoldSentNotifications = true;
        var c = _client.CreateChannel("bulk");
        c.BufferedAmountLowThreshold = 1000;
        var lows = 0;
        c.BufferedAmountLow += _ => lows++;
        c.Send(new byte[1500]);
        c.Send(new byte[500]);
        Assert.Equal(2000, c.BufferedAmount);
        _a.Release(0, 500);
        Assert.Equal(0, lows);
        _a.Release(0, 1000);
        Assert.Equal(1, lows);
        _a.Release(0, 500);
        Assert.Equal(1, lows);
        Assert.Equal(0, c.BufferedAmount);
    }

    [Fact]
    public void Send_LargerThanMaxMessageSize_Throws()
    {
        _a.MaxMessageSize = 1024;
        var c = _client.CreateChannel("chat");
        Assert.Throws<ArgumentException>(() => c.Send(new byte[1025]));
        c.Send(new byte[1024]);
    }

    [Fact]
    public void TransportClosed_ClosesEveryChannel_AndSendThrows()
    {
        var c = _client.CreateChannel("chat");
        _client.OnTransportClosed();
        Assert.Equal(RtcDataChannelState.Closed, c.ReadyState);
        Assert.Throws<InvalidOperationException>(() => _client.CreateChannel("late"));
    }

    [Theory]
    [InlineData(1, 1, false, null)]
    [InlineData(null, null, true, null)]
    [InlineData(-1, null, false, null)]
    [InlineData(null, null, false, 65535)]
    public void Init_RejectsInconsistentOptions(int? rexmit, int? lifetime, bool negotiated, int? id)
    {
        var init = new RtcDataChannelInit { MaxRetransmits = rexmit, MaxPacketLifeTimeMs = lifetime, Negotiated = negotiated, Id = (ushort?)id };
        Assert.Throws<ArgumentException>(init.Validate);
    }
}
