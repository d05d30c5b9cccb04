using Microsoft.Playwright;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Sdp;
using StreamSwarm.WebRtc.Tests.PeerConnection;

namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>One RTCPeerConnection in a Chromium page, signalled with a .NET peer from test code.</summary>
internal sealed class ChromiumPeer : IAsyncDisposable
{
    private const string Script = """
        window.T = {
          pc: null, channels: {}, opened: [],
          create() {
            T.pc = new RTCPeerConnection();
            T.pc.onicecandidate = e => { if (e.candidate) T.cands.push(e.candidate.candidate); };
            T.pc.ondatachannel = e => { T.track(e.channel); T.opened.push(e.channel.label); };
            T.cands = [];
          },
          track(ch) {
            ch.binaryType = 'arraybuffer'; T.channels[ch.label] = ch; ch.inbox = []; ch.waiters = [];
            ch.onmessage = e => { ch.inbox.push(e.data); const w = ch.waiters.shift(); if (w) w(); };
            ch.closed = new Promise(r => ch.addEventListener('close', () => r(true)));
            ch.isOpen = ch.readyState === 'open' ? Promise.resolve(true) : new Promise(r => ch.addEventListener('open', () => r(true)));
          },
          async next(label) { const ch = T.channels[label]; while (ch.inbox.length === 0) await new Promise(r => ch.waiters.push(r)); return ch.inbox.shift(); },
          async waitChannel(label) { while (!T.channels[label]) await new Promise(r => setTimeout(r, 5)); await T.channels[label].isOpen; return T.channels[label].id; },
          async expectPattern(label, n) {
            let good = 0;
            for (let i = 0; i < n; i++) { const d = await T.next(label); if (typeof d !== 'string' && P.check(i, n, d)) good++; }
            return good;
          },
          async sendPattern(label, n) {
            const ch = T.channels[label]; ch.bufferedAmountLowThreshold = 1 << 20;
            for (let i = 0; i < n; i++) {
              while (ch.bufferedAmount > (2 << 20)) await new Promise(r => ch.onbufferedamountlow = r);
              ch.send(P.fill(i, P.size(i, n)));
            }
            return true;
          },
        };
        true
        """;

    private readonly IPage _page;

    private ChromiumPeer(IPage page) => _page = page;

    public IPage Page => _page;

    /// <summary>How long a bulk exchange (1,000 messages up to 256 KiB) may take on a loaded machine.</summary>
    public static readonly TimeSpan BulkTimeout = TimeSpan.FromSeconds(180);

    public static async Task<ChromiumPeer> CreateAsync(ChromiumBrowser browser)
    {
        var page = await browser.NewPageAsync();
        await page.EvalAsync("load the message pattern", MessagePattern.JavaScript + "\ntrue");
        await page.EvalAsync("load the test script", Script);
        await page.EvalAsync("create an RTCPeerConnection", "() => T.create()");
        return new ChromiumPeer(page);
    }

    /// <summary>.NET offers, Chromium answers; candidates trickle both ways.</summary>
    public async Task ConnectAsAnswererAsync(RtcPeerConnection dotnet)
    {
        var trickle = new CandidateTrickle(this);
        dotnet.IceCandidate += trickle.OnLocalCandidate;
        var offer = await dotnet.CreateOfferAsync();
        await dotnet.SetLocalDescriptionAsync(offer);
        var answer = await _page.EvalAsync<string>(
            "answer our offer",
            "async (sdp) => { await T.pc.setRemoteDescription({type: 'offer', sdp}); await T.pc.setLocalDescription(); return T.pc.localDescription.sdp; }",
            offer.Sdp);
        await dotnet.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer));
        await trickle.ReleaseAsync();
    }

    /// <summary>Chromium offers (it must have created a channel first), .NET answers.</summary>
    public async Task ConnectAsOffererAsync(RtcPeerConnection dotnet)
    {
        var offer = await _page.EvalAsync<string>("create an offer", "async () => { await T.pc.setLocalDescription(); return T.pc.localDescription.sdp; }");
        await dotnet.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer));
        var trickle = new CandidateTrickle(this);
        dotnet.IceCandidate += trickle.OnLocalCandidate;
        var answer = await dotnet.CreateAnswerAsync();
        await dotnet.SetLocalDescriptionAsync(answer);
        await _page.EvalAsync("apply our answer", "async (sdp) => { await T.pc.setRemoteDescription({type: 'answer', sdp}); }", answer.Sdp);
        await trickle.ReleaseAsync();
    }

    public Task<int> CreateChannelAsync(string label) =>
        _page.EvalAsync<int>($"open channel '{label}'", "async (label) => { const ch = T.pc.createDataChannel(label); T.track(ch); await ch.isOpen; return ch.id; }", label);

    /// <summary>Creates a channel without waiting for it to open (gives an offer its m=application section).</summary>
    public Task AddChannelAsync(string label) =>
        _page.EvalAsync($"create channel '{label}'", "(label) => { const ch = T.pc.createDataChannel(label); T.track(ch); }", label);

    public Task<int> WaitChannelAsync(string label) => _page.EvalAsync<int>($"see channel '{label}' open", "(label) => T.waitChannel(label)", label);

    public Task<int> ExpectPatternAsync(string label, int count) =>
        _page.EvalAsync<int>($"receive {count} pattern messages on '{label}'", "([label, n]) => T.expectPattern(label, n)", new object[] { label, count }, BulkTimeout);

    public Task SendPatternAsync(string label, int count) =>
        _page.EvalAsync($"send {count} pattern messages on '{label}'", "([label, n]) => T.sendPattern(label, n)", new object[] { label, count }, BulkTimeout);

    public Task SendTextAsync(string label, string text) =>
        _page.EvalAsync($"send text on '{label}'", "([label, text]) => { T.channels[label].send(text); }", new object[] { label, text });

    public Task<string> NextTextAsync(string label) =>
        _page.EvalAsync<string>($"receive a message on '{label}'", "async (label) => { const d = await T.next(label); return typeof d === 'string' ? d : 'binary:' + d.byteLength; }", label);

    public Task CloseChannelAsync(string label) => _page.EvalAsync($"close channel '{label}'", "(label) => T.channels[label].close()", label);

    public Task<bool> WaitClosedAsync(string label) => _page.EvalAsync<bool>($"see channel '{label}' close", "(label) => T.channels[label].closed", label);

    /// <summary>Closes the page's RTCPeerConnection and creates a fresh one (reuses the page).</summary>
    public async Task RenewAsync()
    {
        await _page.EvalAsync("close its connection", "() => { T.pc.close(); T.channels = {}; T.opened = []; }");
        await _page.EvalAsync("create an RTCPeerConnection", "() => T.create()");
    }

    public Task<string> ConnectionStateAsync() => _page.EvalAsync<string>("report its connection state", "() => T.pc.connectionState");

    public async ValueTask DisposeAsync()
    {
        await _page.EvalAsync("close its connection", "() => T.pc.close()");
        await _page.CloseBoundedAsync();
    }

    private Task AddCandidateAsync(RtcIceCandidate c) =>
        _page.EvalAsync("add our candidate", "async (c) => { await T.pc.addIceCandidate({candidate: c, sdpMid: '0', sdpMLineIndex: 0}); }", c.Candidate);

    /// <summary>
    /// Our candidates for the page: held until Chromium has the remote description, then added in
    /// order, each after the previous one. <see cref="ReleaseAsync"/> waits for those gathered so far,
    /// so a candidate Chromium refuses fails the connecting test; later ones follow on the chain.
    /// </summary>
    private sealed class CandidateTrickle(ChromiumPeer peer)
    {
        private readonly List<RtcIceCandidate> _early = [];
        private Task _chain = Task.CompletedTask;
        private bool _ready;

        public void OnLocalCandidate(RtcIceCandidate candidate)
        {
            lock (_early)
            {
                if (!_ready)
                {
                    _early.Add(candidate);
                    return;
                }

                _chain = AddAfterAsync(_chain, candidate);
            }
        }

        public async Task ReleaseAsync()
        {
            Task chain;
            lock (_early)
            {
                _ready = true;
                foreach (var c in _early)
                {
                    _chain = AddAfterAsync(_chain, c);
                }

                _early.Clear();
                chain = _chain;
            }

            await chain;
        }

        private async Task AddAfterAsync(Task previous, RtcIceCandidate candidate)
        {
            try
            {
                await previous;
            }
            catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
            {
                // reported by whoever awaited it; this candidate still gets its chance
            }

            await peer.AddCandidateAsync(candidate);
        }
    }
}
