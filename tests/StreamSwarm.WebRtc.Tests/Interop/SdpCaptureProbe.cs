namespace StreamSwarm.WebRtc.Tests.Interop;

public sealed class SdpCaptureProbe
{
    [Fact]
    public async Task Capture()
    {
        var path = Environment.GetEnvironmentVariable("CAPTURE_SDP");
        if (path is null)
        {
            return;
        }

        await using var chromium = await ChromiumBrowser.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var result = await page.EvaluateAsync<string[]>(@"async () => {
            const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
            const cands = [];
            a.onicecandidate = e => { if (e.candidate) cands.push(e.candidate.candidate); };
            a.createDataChannel('probe');
            const offer = await a.createOffer(); await a.setLocalDescription(offer);
            await b.setRemoteDescription(offer);
            const answer = await b.createAnswer(); await b.setLocalDescription(answer);
            await new Promise(r => setTimeout(r, 1500));
            return [navigator.userAgent, offer.sdp, a.localDescription.sdp, answer.sdp, b.localDescription.sdp, cands.join('\n')];
        }");
        File.WriteAllText(path, string.Join("\n=====\n", result));
    }
}
