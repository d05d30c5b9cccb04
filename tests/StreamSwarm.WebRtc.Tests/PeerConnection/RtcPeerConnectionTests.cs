using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

public sealed class RtcPeerConnectionTests
{

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Loopback_OpensChannelsCreatedOnBothSides_AndCarriesMessagesBothWays()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var fromOfferer = pair.Offerer.CreateDataChannel("from-offerer");
        var atAnswerer = PeerPair.NextRemoteChannelAsync(pair.Answerer);
        await pair.NegotiateAsync();
        await ChannelIo.WhenOpenAsync(fromOfferer).WaitAsync(Timeout);
        var remote = await atAnswerer.WaitAsync(Timeout);
        Assert.Equal("from-offerer", remote.Label);
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Offerer.ConnectionState);
        Assert.Equal(DtlsRole.Server, pair.Offerer.DtlsRole);
        Assert.Equal(DtlsRole.Client, pair.Answerer.DtlsRole);
        Assert.Equal((ushort)1, fromOfferer.Id); // DTLS server: odd

        var atOfferer = PeerPair.NextRemoteChannelAsync(pair.Offerer);
        var fromAnswerer = pair.Answerer.CreateDataChannel("from-answerer", new RtcDataChannelInit { Protocol = "proto" });
        var back = await atOfferer.WaitAsync(Timeout);
        Assert.Equal((ushort)0, fromAnswerer.Id); // DTLS client: even
        Assert.Equal("proto", back.Protocol);

        // A few sizes around the packet limit; 1 B-256 KiB and loss recovery are in the SCTP
        // layer's tests, the .NET<->.NET SCTP tests and the Chromium interop tests.
        int[] sizes = [1, 2, 100, 1199, 1200, 5000, 16384];
        var inboxAnswerer = ChannelIo.Collect(remote);
        var inboxOfferer = ChannelIo.Collect(back);
        foreach (var size in sizes)
        {
            var payload = new byte[size];
            Random.Shared.NextBytes(payload);
            fromOfferer.Send(payload);
            Assert.True(inboxAnswerer.TryTake(out var m1, 5000));
            Assert.Equal(payload, m1.Data);
            fromAnswerer.Send(payload);
            Assert.True(inboxOfferer.TryTake(out var m2, 5000));
            Assert.Equal(payload, m2.Data);
        }

        var texts = ChannelIo.Collect(remote);
        fromOfferer.Send("héllo");
        fromOfferer.Send(string.Empty);
        Assert.True(texts.TryTake(out var text, 5000));
        Assert.Equal("héllo", text.Text);
        Assert.True(texts.TryTake(out var empty, 5000));
        Assert.True(empty.IsText);
        Assert.Empty(empty.Data);
    }

    [Fact]
    public async Task Close_FromEitherSide_ClosesBothEnds()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var a = pair.Offerer.CreateDataChannel("a");
        var b = pair.Offerer.CreateDataChannel("b");
        var remotes = new List<RtcDataChannel>();
        var bothRemote = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.DataChannel += c =>
        {
            lock (remotes)
            {
                remotes.Add(c);
                if (remotes.Count == 2)
                {
                    bothRemote.TrySetResult();
                }
            }
        };
        await pair.NegotiateAsync();
        await bothRemote.Task.WaitAsync(Timeout);
        var remoteA = remotes.Single(c => c.Label == "a");
        var remoteB = remotes.Single(c => c.Label == "b");

        var remoteAClosed = ChannelIo.WhenClosedAsync(remoteA);
        a.Close();
        await remoteAClosed.WaitAsync(Timeout);
        await ChannelIo.WhenClosedAsync(a).WaitAsync(Timeout);

        var bClosed = ChannelIo.WhenClosedAsync(b);
        remoteB.Close();
        await bClosed.WaitAsync(Timeout);
        await ChannelIo.WhenClosedAsync(remoteB).WaitAsync(Timeout);

        var nextRemote = PeerPair.NextRemoteChannelAsync(pair.Answerer);
        var again = pair.Offerer.CreateDataChannel("again");
        var remoteAgain = await nextRemote.WaitAsync(Timeout);
        Assert.Equal("again", remoteAgain.Label);
        Assert.Equal(a.Id, again.Id); // the reset stream id is reused
    }

    [Fact]
    public async Task NegotiatedChannels_PairById_WithoutDcep()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var a = pair.Offerer.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 10 });
        var b = pair.Answerer.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 10 });
        var unexpected = 0;
        pair.Answerer.DataChannel += _ => unexpected++;
        await pair.NegotiateAsync();
        await Task.WhenAll(ChannelIo.WhenOpenAsync(a), ChannelIo.WhenOpenAsync(b)).WaitAsync(Timeout);
        var got = ChannelIo.Collect(b);
        a.Send([1, 2, 3]);
        Assert.True(got.TryTake(out var m, 5000));
        Assert.Equal([1, 2, 3], m.Data);
        Assert.Equal(0, unexpected);
    }

    [Fact]
    public async Task WrongFingerprintInTheAnswer_FailsTheConnection()
    {
        await using var pair = new PeerPair(SctpAssociationTransportFactory.Instance);
        var channel = pair.Offerer.CreateDataChannel("x");
        var failed = PeerPair.WhenStateAsync(pair.Offerer, RtcPeerConnectionState.Failed);
        var stranger = DtlsCertificate.Generate().Fingerprint.ToString();
        await pair.NegotiateAsync(sdp => System.Text.RegularExpressions.Regex.Replace(sdp, "a=fingerprint:[^\r\n]+", "a=fingerprint:" + stranger));
        await failed.WaitAsync(Timeout);
        await ChannelIo.WhenClosedAsync(channel).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Signaling_FollowsOfferAnswer_AndRejectsOutOfOrderDescriptions()
    {
        await using var pc = new RtcPeerConnection(new RtcConfiguration { LoopbackOnly = true }, SctpAssociationTransportFactory.Instance);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pc.CreateAnswerAsync());
        var offer = await pc.CreateOfferAsync();
        var parsed = SdpParser.Parse(offer.Sdp);
        Assert.Equal(SdpSetup.ActPass, parsed.Setup);
        Assert.Equal(pc.Certificate.Fingerprint, parsed.Fingerprint);
        Assert.DoesNotContain("msid-semantic", offer.Sdp, StringComparison.Ordinal);
        await pc.SetLocalDescriptionAsync(offer);
        Assert.Equal(RtcSignalingState.HaveLocalOffer, pc.SignalingState);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pc.SetRemoteDescriptionAsync(offer));
        await Assert.ThrowsAsync<SdpException>(() => pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, "v=0\r\nnonsense")));
        await Assert.ThrowsAsync<SdpException>(() => pc.SetRemoteDescriptionAsync(offer with { Type = SdpType.Answer }));
    }

    [Fact]
    public async Task Close_ClosesPendingChannels_AndReportsClosed()
    {
        var pc = new RtcPeerConnection(new RtcConfiguration { LoopbackOnly = true }, SctpAssociationTransportFactory.Instance);
        var channel = pc.CreateDataChannel("pending");
        var states = new List<RtcPeerConnectionState>();
        pc.ConnectionStateChanged += states.Add;
        await pc.DisposeAsync();
        Assert.Equal(RtcDataChannelState.Closed, channel.ReadyState);
        Assert.Equal(RtcPeerConnectionState.Closed, pc.ConnectionState);
        Assert.Equal([RtcPeerConnectionState.Closed], states);
        Assert.Throws<ObjectDisposedException>(() => pc.CreateDataChannel("late"));
    }

    [Fact]
    public async Task SharedCertificate_IsReusedAcrossConnections()
    {
        var cert = DtlsCertificate.Generate();
        await using var a = new RtcPeerConnection(new RtcConfiguration { LoopbackOnly = true, Certificate = cert }, SctpAssociationTransportFactory.Instance);
        await using var b = new RtcPeerConnection(new RtcConfiguration { LoopbackOnly = true, Certificate = cert }, SctpAssociationTransportFactory.Instance);
        Assert.Same(cert, a.Certificate);
        Assert.Equal(SdpParser.Parse((await a.CreateOfferAsync()).Sdp).Fingerprint, SdpParser.Parse((await b.CreateOfferAsync()).Sdp).Fingerprint);
    }

    [Theory]
    [InlineData("stun:stun.example.org", false, "stun.example.org", 3478)]
    [InlineData("turn:192.0.2.1:3479?transport=udp", true, "192.0.2.1", 3479)]
    [InlineData("stun:[2001:db8::1]:5000", false, "2001:db8::1", 5000)]
    public void IceServerUrl_ParsesStunAndTurn(string url, bool turn, string host, int port)
    {
        Assert.True(IceServerUrl.TryParse(url, out var parsed));
        Assert.Equal(new IceServerUrl(turn, host, port), parsed);
    }

    [Theory]
    [InlineData("turns:example.org")]
    [InlineData("turn:example.org?transport=tcp")]
    [InlineData("http://example.org")]
    [InlineData("stun:")]
    [InlineData("stun:host:99999")]
    public void IceServerUrl_RejectsUnsupported(string url) => Assert.False(IceServerUrl.TryParse(url, out _));
}
