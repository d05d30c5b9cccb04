using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using StreamSwarm.WebRtc;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// WebRTC data channels on loopback: bulk throughput and offer-to-open time for .NET↔.NET,
/// .NET↔Chromium and Chromium↔Chromium side by side, plus memory per idle connection and CPU per
/// MB for our stack. Chromium is Debian's /usr/bin/chromium driven over the DevTools protocol.
/// </summary>
public sealed class WebRtcBench : IBench
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int MessageSize = 64 * 1024;
    private const long HighWater = 4L << 20;

    /// <inheritdoc/>
    public string Name => "webrtc";

    /// <inheritdoc/>
    public string Description => "data-channel throughput, setup time, idle memory, CPU/MB: .NET, Chromium and mixed (loopback)";

    /// <inheritdoc/>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var megabytes = ArgInt(args, "--mb", 64);
        var idle = ArgInt(args, "--idle", 20);
        var rounds = ArgInt(args, "--setup-rounds", 5);
        var bytes = (long)megabytes << 20;
        var rows = new List<(string Pair, double MBps, double SetupMs)>();
        var certificate = StreamSwarm.WebRtc.Dtls.DtlsCertificate.Generate();
        var config = new RtcConfiguration { LoopbackOnly = true, Certificate = certificate };

        // .NET <-> .NET
        var setups = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            await using var pair = await DotNetPair.ConnectAsync(config, cancellationToken);
            setups.Add(pair.SetupMs);
        }

        double netMBps;
        double cpuMsPerMB;
        {
            await using var pair = await DotNetPair.ConnectAsync(config, cancellationToken);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = await pair.TransferAsync(bytes, cancellationToken);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            netMBps = bytes / 1e6 / seconds;
            cpuMsPerMB = cpu.TotalMilliseconds / (bytes / 1e6);
        }

        rows.Add((".NET ↔ .NET", netMBps, Median(setups)));
        var idleBytes = await IdleMemoryAsync(config, idle, cancellationToken);

        var chromiumNote = string.Empty;
        if (File.Exists(ChromiumPath))
        {
            await using var cdp = await Cdp.LaunchAsync(cancellationToken);
            await cdp.EvaluateAsync(PageScript, cancellationToken);

            setups.Clear();
            double c2cMBps = 0;
            for (var i = 0; i < rounds; i++)
            {
                var r = await cdp.EvaluateAsync($"chromiumPair({(i == rounds - 1 ? bytes : 0)}, {MessageSize})", cancellationToken);
                setups.Add(r[0].GetDouble());
                c2cMBps = r[1].GetDouble();
            }

            rows.Add(("Chromium ↔ Chromium, one page", c2cMBps, Median(setups)));
            rows.Add(await TwoPageChromiumAsync(cdp, bytes, cancellationToken));

            setups.Clear();
            double mixedMBps = 0;
            for (var i = 0; i < rounds; i++)
            {
                var sw = Stopwatch.StartNew();
                await using var pc = new RtcPeerConnection(config);
                var channel = pc.CreateDataChannel("bulk");
                var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                channel.Opened += _ => opened.TrySetResult();
                var candidates = Channel();
                pc.IceCandidate += c => candidates.Add(c.Candidate);
                var offer = await pc.CreateOfferAsync(cancellationToken);
                await pc.SetLocalDescriptionAsync(offer, cancellationToken);
                var answer = await cdp.EvaluateAsync($"answerDotNet({JsonSerializer.Serialize(offer.Sdp)})", cancellationToken);
                await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer.GetString()!), cancellationToken);
                var forward = ForwardCandidatesAsync(cdp, candidates, cancellationToken);
                await opened.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
                await cdp.EvaluateAsync("remoteOpen()", cancellationToken);
                setups.Add(sw.Elapsed.TotalMilliseconds);
                if (i == rounds - 1)
                {
                    var receive = cdp.EvaluateAsync($"receiveBytes({bytes})", cancellationToken);
                    var t0 = Stopwatch.StartNew();
                    await SendBulkAsync(channel, bytes, cancellationToken);
                    await receive;
                    mixedMBps = bytes / 1e6 / t0.Elapsed.TotalSeconds;
                }

                candidates.CompleteAdding();
                await forward;
                await cdp.EvaluateAsync("closeRemote()", cancellationToken);
            }

            rows.Add((".NET ↔ Chromium", mixedMBps, Median(setups)));
        }
        else
        {
            chromiumNote = $"{ChromiumPath} not found: Chromium rows skipped.";
        }

        output.WriteLine($"Loopback, {megabytes} MiB in {MessageSize / 1024} KiB messages, reliable ordered channel; setup = median of {rounds} offer→open.");
        output.WriteLine();
        output.WriteLine("| pair | throughput MB/s | offer → open ms |");
        output.WriteLine("|---|---:|---:|");
        foreach (var (pair, mbps, setup) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pair} | {mbps:F1} | {setup:F0} |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| our stack | value |"));
        output.WriteLine("|---|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed memory per idle .NET↔.NET connection (both ends, {idle} conns) | {idleBytes / 1024.0:F0} KiB |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| process CPU per MB relayed .NET→.NET (both ends in-process) | {cpuMsPerMB:F2} ms |"));
        // The stricter baseline: the faster of the two Chromium ↔ Chromium set-ups.
        var c2c = rows.Where(r => r.Pair.StartsWith("Chromium", StringComparison.Ordinal)).DefaultIfEmpty().MaxBy(r => r.MBps);
        var mixed = rows.Find(r => r.Pair.StartsWith(".NET ↔ Chromium", StringComparison.Ordinal));
        if (c2c.MBps > 0)
        {
            output.WriteLine();
            output.WriteLine("| ratio | value | goal |");
            output.WriteLine("|---|---:|---|");
            output.WriteLine($"| baseline | {c2c.Pair} | |");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET↔.NET / Chromium↔Chromium throughput | {netMBps / c2c.MBps:F2} | ≥ 1.00 |"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET↔Chromium / Chromium↔Chromium throughput | {mixed.MBps / c2c.MBps:F2} | ≥ 0.90 |"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET↔.NET / Chromium↔Chromium setup time | {rows[0].SetupMs / c2c.SetupMs:F2} | lower is better |"));
        }

        if (chromiumNote.Length > 0)
        {
            output.WriteLine();
            output.WriteLine(chromiumNote);
        }

        return 0;
    }

    private static BlockingCollection<string> Channel() => new(new ConcurrentQueue<string>());

    private static async Task ForwardCandidatesAsync(Cdp cdp, BlockingCollection<string> candidates, CancellationToken ct)
    {
        await Task.Yield();
        while (!candidates.IsCompleted)
        {
            if (candidates.TryTake(out var c, 50, ct))
            {
                await cdp.EvaluateAsync($"addCandidate({JsonSerializer.Serialize(c)})", ct);
            }
        }
    }

    private static async Task SendBulkAsync(RtcDataChannel channel, long bytes, CancellationToken ct)
    {
        var payload = new byte[MessageSize];
        var low = new SemaphoreSlim(0);
        channel.BufferedAmountLowThreshold = HighWater / 2;
        channel.BufferedAmountLow += _ => low.Release();
        for (long sent = 0; sent < bytes; sent += MessageSize)
        {
            while (channel.BufferedAmount > HighWater)
            {
                await low.WaitAsync(100, ct);
            }

            channel.Send(payload);
        }
    }

    private static async Task<long> IdleMemoryAsync(RtcConfiguration config, int count, CancellationToken ct)
    {
        Collect();
        var before = GC.GetTotalMemory(true);
        var pairs = new List<DotNetPair>();
        for (var i = 0; i < count; i++)
        {
            pairs.Add(await DotNetPair.ConnectAsync(config, ct));
        }

        await Task.Delay(1000, ct);
        Collect();
        var after = GC.GetTotalMemory(true);
        foreach (var p in pairs)
        {
            await p.DisposeAsync();
        }

        return (after - before) / count;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int ArgInt(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == name && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }
        }

        return fallback;
    }

    /// <summary>
    /// Chromium ↔ Chromium the way two viewers meet: two pages with their own renderer processes,
    /// full (non-trickle) offer and answer passed between them, bulk sent by one and received by
    /// the other, each on its own main thread.
    /// </summary>
    private static async Task<(string, double, double)> TwoPageChromiumAsync(Cdp cdp, long bytes, CancellationToken ct)
    {
        var a = await cdp.OpenIsolatedPageAsync(ct);
        var b = await cdp.OpenIsolatedPageAsync(ct);
        await cdp.EvaluateAsync(a, TwoPageScript, ct);
        await cdp.EvaluateAsync(b, TwoPageScript, ct);
        var sw = Stopwatch.StartNew();
        var offer = await cdp.EvaluateAsync(a, "offerSide()", ct);
        var answer = await cdp.EvaluateAsync(b, $"answerSide({JsonSerializer.Serialize(offer.GetString())})", ct);
        await cdp.EvaluateAsync(a, $"finishOffer({JsonSerializer.Serialize(answer.GetString())})", ct);
        await cdp.EvaluateAsync(b, "remoteOpen()", ct);
        var setupMs = sw.Elapsed.TotalMilliseconds;
        var receive = cdp.EvaluateAsync(b, $"receiveBytes({bytes})", ct);
        var t0 = Stopwatch.StartNew();
        await cdp.EvaluateAsync(a, $"sendBytes({bytes}, {MessageSize})", ct);
        await receive;
        var mbps = bytes / 1e6 / t0.Elapsed.TotalSeconds;
        await cdp.EvaluateAsync(a, "pc.close(); true", ct);
        await cdp.EvaluateAsync(b, "pc.close(); true", ct);
        return ("Chromium ↔ Chromium, two renderers", mbps, setupMs);
    }

    private const string TwoPageScript = """
        window.gathered = async () => {
          await pc.setLocalDescription();
          if (pc.iceGatheringState !== 'complete') await new Promise(r => pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') r(); });
          return pc.localDescription.sdp;
        };
        window.offerSide = async () => {
          window.pc = new RTCPeerConnection();
          window.dc = pc.createDataChannel('bulk');
          window.dcOpen = new Promise(r => dc.onopen = r);
          return gathered();
        };
        window.finishOffer = async (sdp) => { await pc.setRemoteDescription({ type: 'answer', sdp }); await dcOpen; return true; };
        window.answerSide = async (sdp) => {
          window.pc = new RTCPeerConnection();
          window.remoteChannel = new Promise(r => pc.ondatachannel = e => { e.channel.binaryType = 'arraybuffer'; r(e.channel); });
          await pc.setRemoteDescription({ type: 'offer', sdp });
          return gathered();
        };
        window.remoteOpen = async () => { const ch = await remoteChannel; if (ch.readyState !== 'open') await new Promise(r => ch.onopen = r); return true; };
        window.receiveBytes = async (total) => {
          const ch = await remoteChannel; let received = 0;
          await new Promise(r => ch.onmessage = e => { received += e.data.byteLength; if (received >= total) r(); });
          return received;
        };
        window.sendBytes = async (total, chunk) => {
          const buf = new Uint8Array(chunk);
          dc.bufferedAmountLowThreshold = 2 << 20;
          for (let sent = 0; sent < total; sent += chunk) {
            while (dc.bufferedAmount > (4 << 20)) await new Promise(r => dc.onbufferedamountlow = r);
            dc.send(buf);
          }
          return true;
        };
        true
        """;

    private const string PageScript = """
        window.chromiumPair = async (totalBytes, chunk) => {
          const a = new RTCPeerConnection(), b = new RTCPeerConnection();
          a.onicecandidate = e => { if (e.candidate) b.addIceCandidate(e.candidate); };
          b.onicecandidate = e => { if (e.candidate) a.addIceCandidate(e.candidate); };
          const t0 = performance.now();
          const dc = a.createDataChannel('bulk');
          const remote = new Promise(r => b.ondatachannel = e => r(e.channel));
          await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
          await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
          await new Promise(r => dc.onopen = r);
          const setupMs = performance.now() - t0;
          const rx = await remote; rx.binaryType = 'arraybuffer';
          let mbps = 0;
          if (totalBytes > 0) {
            let received = 0;
            const done = new Promise(r => rx.onmessage = e => { received += e.data.byteLength; if (received >= totalBytes) r(); });
            const buf = new Uint8Array(chunk);
            dc.bufferedAmountLowThreshold = 2 << 20;
            const t1 = performance.now();
            for (let sent = 0; sent < totalBytes; sent += chunk) {
              while (dc.bufferedAmount > (4 << 20)) await new Promise(r => dc.onbufferedamountlow = r);
              dc.send(buf);
            }
            await done;
            mbps = totalBytes / 1e6 / ((performance.now() - t1) / 1000);
          }
          a.close(); b.close();
          return [setupMs, mbps];
        };
        window.answerDotNet = async (sdp) => {
          window.pc = new RTCPeerConnection();
          window.remoteChannel = new Promise(r => pc.ondatachannel = e => { e.channel.binaryType = 'arraybuffer'; r(e.channel); });
          await pc.setRemoteDescription({ type: 'offer', sdp });
          await pc.setLocalDescription();
          return pc.localDescription.sdp;
        };
        window.addCandidate = async (c) => { await pc.addIceCandidate({ candidate: c, sdpMid: '0', sdpMLineIndex: 0 }); return true; };
        window.remoteOpen = async () => { const ch = await remoteChannel; if (ch.readyState !== 'open') await new Promise(r => ch.onopen = r); return true; };
        window.receiveBytes = async (total) => {
          const ch = await remoteChannel; let received = 0;
          await new Promise(r => ch.onmessage = e => { received += e.data.byteLength; if (received >= total) r(); });
          return received;
        };
        window.closeRemote = async () => { pc.close(); return true; };
        true
        """;

    /// <summary>Two in-process peer connections with one open channel each way.</summary>
    private sealed class DotNetPair : IAsyncDisposable
    {
        private DotNetPair(RtcPeerConnection offerer, RtcPeerConnection answerer, RtcDataChannel sender, RtcDataChannel receiver, double setupMs)
        {
            Offerer = offerer;
            Answerer = answerer;
            Sender = sender;
            Receiver = receiver;
            SetupMs = setupMs;
        }

        public RtcPeerConnection Offerer { get; }

        public RtcPeerConnection Answerer { get; }

        public RtcDataChannel Sender { get; }

        public RtcDataChannel Receiver { get; }

        public double SetupMs { get; }

        public static async Task<DotNetPair> ConnectAsync(RtcConfiguration config, CancellationToken ct)
        {
            var sw = Stopwatch.StartNew();
            var a = new RtcPeerConnection(config);
            var b = new RtcPeerConnection(config);
            a.IceCandidate += c => b.AddIceCandidate(c);
            b.IceCandidate += c => a.AddIceCandidate(c);
            var remote = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            b.DataChannel += remote.SetResult;
            var channel = a.CreateDataChannel("bulk");
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            channel.Opened += _ => opened.TrySetResult();
            var offer = await a.CreateOfferAsync(ct);
            await a.SetLocalDescriptionAsync(offer, ct);
            await b.SetRemoteDescriptionAsync(offer, ct);
            var answer = await b.CreateAnswerAsync(ct);
            await b.SetLocalDescriptionAsync(answer, ct);
            await a.SetRemoteDescriptionAsync(answer, ct);
            await opened.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            var rx = await remote.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            return new DotNetPair(a, b, channel, rx, sw.Elapsed.TotalMilliseconds);
        }

        public async Task<double> TransferAsync(long bytes, CancellationToken ct)
        {
            long received = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Receiver.MessageReceived += (_, m) =>
            {
                if (Interlocked.Add(ref received, m.Data.Length) >= bytes)
                {
                    done.TrySetResult();
                }
            };
            var sw = Stopwatch.StartNew();
            await SendBulkAsync(Sender, bytes, ct);
            await done.Task.WaitAsync(TimeSpan.FromMinutes(5), ct);
            return sw.Elapsed.TotalSeconds;
        }

        public async ValueTask DisposeAsync()
        {
            await Offerer.DisposeAsync();
            await Answerer.DisposeAsync();
        }
    }

    /// <summary>A minimal DevTools-protocol client: launch, one page, Runtime.evaluate.</summary>
    private sealed class Cdp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ClientWebSocket _socket;
        private readonly string _profile;
        private string? _session;
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;
        private int _nextId;

        private Cdp(Process process, ClientWebSocket socket, string profile)
        {
            _process = process;
            _socket = socket;
            _profile = profile;
        }

        public static async Task<Cdp> LaunchAsync(CancellationToken ct)
        {
            var profile = Path.Combine(Path.GetTempPath(), "streamswarm-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(profile);
            var psi = new ProcessStartInfo(ChromiumPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
            {
                "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank",
            })
            {
                psi.ArgumentList.Add(a);
            }

            if (Environment.UserName == "root")
            {
                psi.ArgumentList.Add("--no-sandbox");
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
            process.ErrorDataReceived += (_, _) => { };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var portFile = Path.Combine(profile, "DevToolsActivePort");
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(20))
                {
                    process.Kill(true);
                    throw new TimeoutException("chromium did not open its DevTools port");
                }

                await Task.Delay(50, ct);
            }

            var lines = (await File.ReadAllLinesAsync(portFile, ct)).Where(l => l.Length > 0).ToArray();
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0]}{lines[1]}"), ct);
            var cdp = new Cdp(process, socket, profile);
            cdp._loop = cdp.ReceiveLoopAsync();
            var target = await cdp.SendAsync(null, "Target.createTarget", new { url = "about:blank" }, ct);
            var attached = await cdp.SendAsync(null, "Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true }, ct);
            cdp._session = attached.GetProperty("sessionId").GetString();
            return cdp;
        }

        /// <summary>
        /// Another page in a browser context of its own, so Chromium gives it its own renderer
        /// process: two such pages are two browsers as far as WebRTC is concerned.
        /// </summary>
        public async Task<string> OpenIsolatedPageAsync(CancellationToken ct)
        {
            var context = await SendAsync(null, "Target.createBrowserContext", new { }, ct);
            var target = await SendAsync(null, "Target.createTarget", new { url = "about:blank", browserContextId = context.GetProperty("browserContextId").GetString() }, ct);
            var attached = await SendAsync(null, "Target.attachToTarget", new { targetId = target.GetProperty("targetId").GetString(), flatten = true }, ct);
            return attached.GetProperty("sessionId").GetString()!;
        }

        public Task<JsonElement> EvaluateAsync(string expression, CancellationToken ct) => EvaluateAsync(_session, expression, ct);

        public async Task<JsonElement> EvaluateAsync(string? session, string expression, CancellationToken ct)
        {
            var result = await SendAsync(session, "Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, ct);
            if (result.TryGetProperty("exceptionDetails", out var ex))
            {
                throw new InvalidOperationException("page error: " + ex.ToString());
            }

            return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // stopping
            }

            try
            {
                _process.Kill(true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // already exited
            }

            _socket.Dispose();
            _process.Dispose();
            try
            {
                Directory.Delete(_profile, true);
            }
            catch (IOException)
            {
                // chromium may still hold files for a moment
            }
        }

        private async Task<JsonElement> SendAsync(string? session, string method, object parameters, CancellationToken ct)
        {
            var id = Interlocked.Increment(ref _nextId);
            var tcs = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = tcs;
            var message = session is null
                ? JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters })
                : JsonSerializer.SerializeToUtf8Bytes(new { id, sessionId = session, method, @params = parameters });
            await _sendLock.WaitAsync(ct);
            try
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, true, ct);
            }
            finally
            {
                _sendLock.Release();
            }

            return await tcs.Task.WaitAsync(TimeSpan.FromMinutes(5), ct);
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new byte[1 << 16];
            var message = new MemoryStream();
            try
            {
                while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
                {
                    var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage)
                    {
                        continue;
                    }

                    using var doc = JsonDocument.Parse(message.ToArray());
                    message.SetLength(0);
                    if (doc.RootElement.TryGetProperty("id", out var idElement))
                    {
                        var id = idElement.GetInt32();
                        if (_pending.TryRemove(id, out var tcs))
                        {
                            if (doc.RootElement.TryGetProperty("error", out var error))
                            {
                                tcs.TrySetException(new InvalidOperationException(error.ToString()));
                            }
                            else
                            {
                                tcs.TrySetResult(doc.RootElement.GetProperty("result").Clone());
                            }
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
                // browser gone
            }
        }
    }
}
