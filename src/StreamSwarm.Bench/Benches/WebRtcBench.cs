using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// WebRTC on loopback, side by side in one run: Chromium↔Chromium data channels (the reference),
/// and our stack .NET↔.NET and .NET↔Chromium. Until the SCTP layer (branch webrtc-sctp) is merged,
/// our rows measure the layers that exist — ICE + DTLS 1.2 — and say so in the table: setup is
/// offer → DTLS connected, throughput is DTLS records carrying 1 KiB+ datagrams with a 1 MiB window.
/// Chromium is Debian's /usr/bin/chromium driven over the DevTools protocol (no Playwright here).
/// </summary>
public sealed class WebRtcBench : IBench
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const int ChromiumMessageSize = 64 * 1024;
    private const long WindowBytes = 1L << 20;

    /// <inheritdoc/>
    public string Name => "webrtc";

    /// <inheritdoc/>
    public string Description => "loopback WebRTC: throughput, offer-to-open time, idle memory, CPU/MB; .NET, Chromium and mixed";

    /// <inheritdoc/>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var megabytes = ArgInt(args, "--mb", 64);
        var idle = ArgInt(args, "--idle", 20);
        var rounds = ArgInt(args, "--setup-rounds", 5);
        var bytes = (long)megabytes << 20;
        var certificate = DtlsCertificate.Generate();

        // Warm-up: JIT and BouncyCastle's first handshake are not what we measure.
        await using (await DtlsPair.ConnectAsync(certificate, cancellationToken))
        {
        }

        var netSetups = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            await using var pair = await DtlsPair.ConnectAsync(certificate, cancellationToken);
            netSetups.Add(pair.SetupMs);
        }

        double netMBps;
        double cpuMsPerMB;
        await using (var pair = await DtlsPair.ConnectAsync(certificate, cancellationToken))
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = await pair.TransferAsync(bytes, cancellationToken);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            netMBps = bytes / 1e6 / seconds;
            cpuMsPerMB = cpu.TotalMilliseconds / (bytes / 1e6);
        }

        var idleBytes = await IdleMemoryAsync(certificate, idle, cancellationToken);

        double c2cMBps = 0, c2cSetup = 0, mixedSetup = 0;
        var haveChromium = File.Exists(ChromiumPath);
        if (haveChromium)
        {
            await using var cdp = await Cdp.LaunchAsync(cancellationToken);
            await cdp.EvaluateAsync(PageScript, cancellationToken);
            var setups = new List<double>();
            for (var i = 0; i <= rounds; i++)
            {
                var r = await cdp.EvaluateAsync(
                    string.Create(CultureInfo.InvariantCulture, $"chromiumPair({(i == rounds ? bytes : 0)}, {ChromiumMessageSize})"), cancellationToken);
                if (i > 0)
                {
                    setups.Add(r[0].GetDouble());
                }

                c2cMBps = r[1].GetDouble();
            }

            c2cSetup = Median(setups);
            setups.Clear();
            for (var i = 0; i <= rounds; i++)
            {
                var ms = await MixedSetupAsync(cdp, certificate, cancellationToken);
                if (i > 0)
                {
                    setups.Add(ms);
                }
            }

            mixedSetup = Median(setups);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loopback. Setup: median of {rounds} (after one warm-up). Chromium↔Chromium: {megabytes} MiB in {ChromiumMessageSize / 1024} KiB messages on a reliable ordered data channel."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Our stack: ICE + DTLS 1.2 only (SCTP not merged yet): setup = offer → DTLS connected; throughput = {megabytes} MiB of DTLS application records, {WindowBytes >> 20} MiB window."));
        output.WriteLine();
        output.WriteLine("| pair | layers measured | throughput MB/s | setup ms |");
        output.WriteLine("|---|---|---:|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET ↔ .NET | ICE + DTLS | {netMBps:F1} | {Median(netSetups):F0} |"));
        if (haveChromium)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET ↔ Chromium | ICE + DTLS (Chromium offers) | n/a (needs SCTP) | {mixedSetup:F0} |"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Chromium ↔ Chromium | full data channel | {c2cMBps:F1} | {c2cSetup:F0} |"));
        }

        output.WriteLine();
        output.WriteLine("| our stack | value |");
        output.WriteLine("|---|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed memory per idle .NET↔.NET ICE+DTLS connection, both ends ({idle} connections) | {idleBytes / 1024.0:F0} KiB |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| process CPU per MB through DTLS, encrypt + decrypt in one process | {cpuMsPerMB:F2} ms |"));
        if (haveChromium && c2cMBps > 0)
        {
            output.WriteLine();
            output.WriteLine("| ratio | value | goal |");
            output.WriteLine("|---|---:|---|");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET↔.NET (ICE+DTLS) / Chromium↔Chromium (data channel) throughput | {netMBps / c2cMBps:F2} | ≥ 1.00 once SCTP is in |"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET↔Chromium / Chromium↔Chromium setup time (to DTLS vs to open) | {mixedSetup / c2cSetup:F2} | lower is better |"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| .NET↔.NET / Chromium↔Chromium setup time (to DTLS vs to open) | {Median(netSetups) / c2cSetup:F2} | lower is better |"));
        }
        else if (!haveChromium)
        {
            output.WriteLine();
            output.WriteLine($"{ChromiumPath} not found: Chromium rows skipped.");
        }

        return 0;
    }

    private static async Task<double> MixedSetupAsync(Cdp cdp, DtlsCertificate certificate, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var offer = SdpParser.Parse((await cdp.EvaluateAsync("chromiumOffer()", ct)).GetString()!);
        await using var ice = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false });
        await ice.GatherAsync(ct);
        var candidates = new List<string>();
        foreach (var c in ice.LocalCandidates)
        {
            candidates.Add(c.ToString());
        }

        var answer = SdpWriter.Write(new DataChannelDescription
        {
            IceUfrag = ice.LocalParameters.UsernameFragment,
            IcePwd = ice.LocalParameters.Password,
            Fingerprint = certificate.Fingerprint,
            Setup = SdpSetup.Active,
            Mid = offer.Mid,
            Candidates = candidates,
            EndOfCandidates = true,
        });
        await cdp.EvaluateAsync($"chromiumAnswer({JsonSerializer.Serialize(answer)})", ct);
        ice.SetRemoteParameters(offer.IceUfrag, offer.IcePwd);
        await using var dtls = new DtlsTransport(ice.Transport, certificate, DtlsRole.Client, offer.Fingerprint);
        await ice.StartAsync(IceRole.Controlled, ct);
        await ice.ConnectAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        await dtls.ConnectAsync(ct).WaitAsync(TimeSpan.FromSeconds(20), ct);
        var ms = sw.Elapsed.TotalMilliseconds;
        await cdp.EvaluateAsync("closeChromium()", ct);
        return ms;
    }

    private static async Task<long> IdleMemoryAsync(DtlsCertificate certificate, int count, CancellationToken ct)
    {
        Collect();
        var before = GC.GetTotalMemory(true);
        var pairs = new List<DtlsPair>();
        for (var i = 0; i < count; i++)
        {
            pairs.Add(await DtlsPair.ConnectAsync(certificate, ct));
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
        window.chromiumOffer = async () => {
          window.pc = new RTCPeerConnection(); pc.createDataChannel('x');
          await pc.setLocalDescription(); return pc.localDescription.sdp;
        };
        window.chromiumAnswer = async (sdp) => { await pc.setRemoteDescription({ type: 'answer', sdp }); return true; };
        window.closeChromium = () => { pc.close(); return true; };
        true
        """;

    /// <summary>Two in-process ICE agents on loopback with DTLS on top (client and server).</summary>
    private sealed class DtlsPair : IAsyncDisposable
    {
        private readonly IceAgent _iceA;
        private readonly IceAgent _iceB;

        private DtlsPair(IceAgent a, IceAgent b, DtlsTransport client, DtlsTransport server, double setupMs)
        {
            _iceA = a;
            _iceB = b;
            Client = client;
            Server = server;
            SetupMs = setupMs;
        }

        public DtlsTransport Client { get; }

        public DtlsTransport Server { get; }

        public double SetupMs { get; }

        public static async Task<DtlsPair> ConnectAsync(DtlsCertificate certificate, CancellationToken ct)
        {
            var sw = Stopwatch.StartNew();
            var options = new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false };
            var a = new IceAgent(options);
            var b = new IceAgent(options);
            a.CandidateGathered += c => b.AddRemoteCandidate(c);
            b.CandidateGathered += c => a.AddRemoteCandidate(c);
            a.SetRemoteParameters(b.LocalParameters);
            b.SetRemoteParameters(a.LocalParameters);
            var client = new DtlsTransport(a.Transport, certificate, DtlsRole.Client, certificate.Fingerprint);
            var server = new DtlsTransport(b.Transport, certificate, DtlsRole.Server, certificate.Fingerprint);
            await Task.WhenAll(a.GatherAsync(ct), b.GatherAsync(ct));
            await a.StartAsync(IceRole.Controlling, ct);
            await b.StartAsync(IceRole.Controlled, ct);
            await Task.WhenAll(a.ConnectAsync(ct), b.ConnectAsync(ct)).WaitAsync(TimeSpan.FromSeconds(20), ct);
            await Task.WhenAll(client.ConnectAsync(ct), server.ConnectAsync(ct)).WaitAsync(TimeSpan.FromSeconds(20), ct);
            return new DtlsPair(a, b, client, server, sw.Elapsed.TotalMilliseconds);
        }

        /// <summary>Sends <paramref name="bytes"/> client → server with a fixed window (what SCTP's rwnd would do).</summary>
        public async Task<double> TransferAsync(long bytes, CancellationToken ct)
        {
            long received = 0;
            Server.SetReceiver(d => Interlocked.Add(ref received, d.Length));
            var payload = new byte[Client.MaxDatagramSize];
            var sw = Stopwatch.StartNew();
            long sent = 0;
            long written = 0;
            var stalled = Stopwatch.StartNew();
            long lastReceived = 0;
            while (sent < bytes)
            {
                var got = Interlocked.Read(ref received);
                if (got != lastReceived)
                {
                    lastReceived = got;
                    stalled.Restart();
                }

                if (sent - got - written > WindowBytes)
                {
                    if (stalled.ElapsedMilliseconds > 20)
                    {
                        // Loopback UDP dropped part of the window: write it off and go on.
                        written = sent - got;
                        stalled.Restart();
                    }

                    await Task.Delay(1, ct);
                    continue;
                }

                Client.Send(payload);
                sent += payload.Length;
            }

            var deadline = Stopwatch.StartNew();
            while (Interlocked.Read(ref received) < sent && deadline.ElapsedMilliseconds < 2000)
            {
                await Task.Delay(1, ct);
            }

            // Loopback UDP may drop under a burst: count what arrived, over the whole time.
            return sw.Elapsed.TotalSeconds * sent / Math.Max(1, Interlocked.Read(ref received));
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            await _iceA.DisposeAsync();
            await _iceB.DisposeAsync();
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

        public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken ct)
        {
            var result = await SendAsync(_session, "Runtime.evaluate", new { expression, awaitPromise = true, returnByValue = true }, ct);
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
