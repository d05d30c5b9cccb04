using System.Diagnostics;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Tests.PeerConnection;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>
/// Our RtcPeerConnection against Chromium 156 through ICE and DTLS (the facade's connection state),
/// in both offer/answer roles and 50 times in a row. Data-channel traffic needs the SCTP layer.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class RtcPeerConnectionChromiumTransportTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly RtcConfiguration Config = new() { LoopbackOnly = true, Certificate = DtlsCertificate.Generate() };

    [Fact]
    public async Task DotNetOffers_ChromiumAnswersActive_AndWeConnectAsDtlsServer()
    {
        await using var pc = new RtcPeerConnection(Config, UnansweredSctpFactory.Instance);
        pc.CreateDataChannel("x");
        var connected = PeerPair.WhenStateAsync(pc, RtcPeerConnectionState.Connected);
        var sw = Stopwatch.StartNew();
        pc.IceConnectionStateChanged += s => output.WriteLine($"{sw.ElapsedMilliseconds} ms: ICE {s}");
        pc.ConnectionStateChanged += s => output.WriteLine($"{sw.ElapsedMilliseconds} ms: {s}");
        pc.IceCandidate += c => output.WriteLine($"{sw.ElapsedMilliseconds} ms: local {c.Candidate}");
        await using var page = await ChromiumPeer.CreateAsync(chromium.Browser);
        output.WriteLine($"{sw.ElapsedMilliseconds} ms: page ready");
        await page.ConnectAsAnswererAsync(pc);
        output.WriteLine($"{sw.ElapsedMilliseconds} ms: signalled");
        await connected.WaitAsync(Timeout);
        output.WriteLine($"connected after {sw.ElapsedMilliseconds} ms via {pc.SelectedCandidatePair}");
        Assert.Equal(DtlsRole.Server, pc.DtlsRole);
        Assert.Equal(Org.BouncyCastle.Tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, pc.Dtls!.CipherSuite);
        Assert.Equal("connected", await WaitChromiumStateAsync(page));
    }

    [Fact]
    public async Task ChromiumOffers_WeAnswerActive_AndConnectAsDtlsClient()
    {
        await using var pc = new RtcPeerConnection(Config, UnansweredSctpFactory.Instance);
        var connected = PeerPair.WhenStateAsync(pc, RtcPeerConnectionState.Connected);
        await using var page = await ChromiumPeer.CreateAsync(chromium.Browser);
        await page.AddChannelAsync("x");
        await page.ConnectAsOffererAsync(pc);
        await connected.WaitAsync(Timeout);
        Assert.Equal(DtlsRole.Client, pc.DtlsRole);
        Assert.Equal("connected", await WaitChromiumStateAsync(page));
    }

    [Fact]
    public async Task FiftyConnectionsInARow_DoNotGrowFileDescriptorsOrManagedMemory()
    {
        var fds = new List<int>();
        var memory = new List<long>();
        var sw = Stopwatch.StartNew();
        await using var page = await ChromiumPeer.CreateAsync(chromium.Browser);
        for (var i = 0; i < 50; i++)
        {
            await using (var pc = new RtcPeerConnection(Config, UnansweredSctpFactory.Instance))
            {
                var connected = PeerPair.WhenStateAsync(pc, RtcPeerConnectionState.Connected);
                if (i > 0)
                {
                    await page.RenewAsync();
                }

                if (i % 2 == 0)
                {
                    pc.CreateDataChannel("x");
                    await page.ConnectAsAnswererAsync(pc);
                }
                else
                {
                    await page.AddChannelAsync("x");
                    await page.ConnectAsOffererAsync(pc);
                }

                await connected.WaitAsync(Timeout);
            }

            if (i is 4 or 49)
            {
                await Task.Delay(500);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                fds.Add(Directory.GetFiles("/proc/self/fd").Length);
                memory.Add(GC.GetTotalMemory(true));
                output.WriteLine($"after {i + 1}: fds {fds[^1]}, handles {Process.GetCurrentProcess().HandleCount}, managed {memory[^1] / 1024} KiB, {sw.ElapsedMilliseconds} ms");
            }
        }

        Assert.InRange(fds[1] - fds[0], int.MinValue, 10);
        Assert.InRange(memory[1] - memory[0], long.MinValue, 16L << 20);
    }

    private static async Task<string> WaitChromiumStateAsync(ChromiumPeer page)
    {
        var sw = Stopwatch.StartNew();
        string state;
        while ((state = await page.ConnectionStateAsync()) != "connected" && sw.Elapsed < Timeout)
        {
            await Task.Delay(20);
        }

        return state;
    }
}
