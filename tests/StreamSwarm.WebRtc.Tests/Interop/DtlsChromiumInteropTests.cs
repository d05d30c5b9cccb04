using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>ICE (webrtc-ice) and our DTLS against Chromium 156 in both DTLS roles, up to Chromium's SCTP INIT.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DtlsChromiumInteropTests(ChromiumFixture chromium)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Handshake_CompletesWithChromium_AndChromiumsSctpInitArrives(bool chromiumOffers)
    {
        var page = await chromium.Browser.NewPageAsync();
        var cert = DtlsCertificate.Generate();
        await using var ice = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false });
        var inits = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await ice.GatherAsync();
        DataChannelDescription Ours(SdpSetup setup) => new()
        {
            IceUfrag = ice.LocalParameters.UsernameFragment,
            IcePwd = ice.LocalParameters.Password,
            Fingerprint = cert.Fingerprint,
            Setup = setup,
            Candidates = [.. ice.LocalCandidates.Select(c => c.ToString())],
            EndOfCandidates = true,
        };

        DataChannelDescription remote;
        if (chromiumOffers)
        {
            var offer = await page.EvalAsync<string>("create an offer", @"async () => { window.pc = new RTCPeerConnection(); pc.createDataChannel('x');
                await pc.setLocalDescription(); return pc.localDescription.sdp; }");
            remote = SdpParser.Parse(offer);
            await page.EvalAsync("apply our answer", "async (sdp) => { await pc.setRemoteDescription({type: 'answer', sdp}); }", SdpWriter.Write(Ours(SdpSetup.Active)));
        }
        else
        {
            var answer = await page.EvalAsync<string>("answer our offer", @"async (sdp) => { window.pc = new RTCPeerConnection();
                await pc.setRemoteDescription({type: 'offer', sdp}); await pc.setLocalDescription(); return pc.localDescription.sdp; }",
                SdpWriter.Write(Ours(SdpSetup.ActPass)));
            remote = SdpParser.Parse(answer);
            Assert.Equal(SdpSetup.Active, remote.Setup);
        }

        ice.SetRemoteParameters(remote.IceUfrag, remote.IcePwd);
        var role = chromiumOffers ? DtlsRole.Client : DtlsRole.Server;
        await using var dtls = new DtlsTransport(ice.Transport, cert, role, remote.Fingerprint);
        dtls.SetReceiver(d => inits.TrySetResult(d.ToArray()));
        await ice.StartAsync(chromiumOffers ? IceRole.Controlled : IceRole.Controlling);
        await ice.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await dtls.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Org.BouncyCastle.Tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, dtls.CipherSuite);

        var init = await inits.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([0x13, 0x88, 0x13, 0x88], init[..4]); // SCTP ports 5000 -> 5000
        Assert.Equal(0x01, init[12]); // INIT chunk: Chromium connects as soon as DTLS is up, in either role
        await page.EvalAsync("close its connection", "() => pc.close()");
        await page.CloseBoundedAsync();
    }

    [Fact]
    public async Task Handshake_FailsWhenChromiumsCertificateIsNotTheOneInItsSdp()
    {
        var page = await chromium.Browser.NewPageAsync();
        var cert = DtlsCertificate.Generate();
        await using var ice = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false });
        await ice.GatherAsync();
        var offer = SdpParser.Parse(await page.EvalAsync<string>("create an offer", @"async () => { window.pc = new RTCPeerConnection(); pc.createDataChannel('x');
                await pc.setLocalDescription(); return pc.localDescription.sdp; }"));
        var ours = new DataChannelDescription
        {
            IceUfrag = ice.LocalParameters.UsernameFragment,
            IcePwd = ice.LocalParameters.Password,
            Fingerprint = cert.Fingerprint,
            Setup = SdpSetup.Active,
            Candidates = [.. ice.LocalCandidates.Select(c => c.ToString())],
        };
        await page.EvalAsync("apply our answer", "async (sdp) => { await pc.setRemoteDescription({type: 'answer', sdp}); }", SdpWriter.Write(ours));
        ice.SetRemoteParameters(offer.IceUfrag, offer.IcePwd);
        var wrong = DtlsCertificate.Generate().Fingerprint;
        await using var dtls = new DtlsTransport(ice.Transport, cert, DtlsRole.Client, wrong, new DtlsTransportOptions { HandshakeTimeoutMs = 5000 });
        await ice.StartAsync(IceRole.Controlled);
        await ice.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<DtlsHandshakeException>(() => dtls.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("fingerprint", ex.Message, StringComparison.Ordinal);
        await page.EvalAsync("close its connection", "() => pc.close()");
        await page.CloseBoundedAsync();
    }
}
