using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Sdp;

using StreamSwarm.WebRtc.Tests.Sdp;

namespace StreamSwarm.WebRtc.Tests.Interop;

[Collection(ChromiumCollection.Name)]
public sealed class SdpChromiumInteropTests(ChromiumFixture chromium)
{
    /// <summary>
    /// Re-captures what Sdp/Vectors holds: with CAPTURE_SDP set, the live offer and answer are
    /// written there; in every run they must parse like the stored ones.
    /// </summary>
    [Fact]
    public async Task LiveChromiumOfferAndAnswer_Parse_AndMatchTheStoredVectorsShape()
    {
        var page = await chromium.Browser.NewPageAsync();
        var sdp = await page.EvalAsync<string[]>("offer/answer between two local connections", @"async () => {
            const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
            a.createDataChannel('probe');
            const offer = await a.createOffer(); await a.setLocalDescription(offer);
            await b.setRemoteDescription(offer);
            const answer = await b.createAnswer(); await b.setLocalDescription(answer);
            a.close(); b.close();
            return [offer.sdp, answer.sdp];
        }");
        await page.CloseBoundedAsync();
        var offer = SdpParser.Parse(sdp[0]);
        var answer = SdpParser.Parse(sdp[1]);
        var stored = SdpParser.Parse(SdpVectorsPath.Read("chromium156-offer.sdp"));
        Assert.Equal(SdpSetup.ActPass, offer.Setup);
        Assert.Equal(SdpSetup.Active, answer.Setup);
        Assert.Equal((stored.Mid, stored.SctpPort, stored.MaxMessageSize), (offer.Mid, offer.SctpPort, offer.MaxMessageSize));
        if (Environment.GetEnvironmentVariable("CAPTURE_SDP") is { Length: > 0 })
        {
            SdpVectorsPath.Write("chromium156-offer.sdp", sdp[0]);
            SdpVectorsPath.Write("chromium156-answer.sdp", sdp[1]);
        }
    }

    [Fact]
    public async Task Chromium_AcceptsOurOffer_AndOurAnswer()
    {
        var page = await chromium.Browser.NewPageAsync();
        var cert = DtlsCertificate.Generate();
        var ours = new DataChannelDescription
        {
            SessionId = "123",
            IceUfrag = "abcd",
            IcePwd = "abcdefghijklmnopqrstuvwx",
            Fingerprint = cert.Fingerprint,
            Candidates = ["candidate:1 1 udp 2130706431 127.0.0.1 9 typ host"],
            EndOfCandidates = true,
        };
        var answerSdp = await page.EvalAsync<string>("answer our offer", @"async (sdp) => {
            const pc = new RTCPeerConnection();
            await pc.setRemoteDescription({type: 'offer', sdp});
            const a = await pc.createAnswer(); await pc.setLocalDescription(a); pc.close(); return a.sdp; }", SdpWriter.Write(ours));
        Assert.Equal(SdpSetup.Active, SdpParser.Parse(answerSdp).Setup);

        var accepted = await page.EvalAsync<string>("accept our answer", @"async (answer) => {
            const pc = new RTCPeerConnection(); pc.createDataChannel('x');
            await pc.setLocalDescription();
            await pc.setRemoteDescription({type: 'answer', sdp: answer});
            const state = pc.signalingState; pc.close(); return state; }", SdpWriter.Write(ours with { Setup = SdpSetup.Active }));
        Assert.Equal("stable", accepted);
        await page.CloseBoundedAsync();
    }
}
