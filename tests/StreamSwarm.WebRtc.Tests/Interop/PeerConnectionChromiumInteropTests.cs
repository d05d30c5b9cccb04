using System.Diagnostics;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Tests.PeerConnection;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Interop;

/// <summary>The acceptance bar: our RtcPeerConnection against Chromium 156, both offer/answer roles.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class PeerConnectionChromiumInteropTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const int Messages = 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly RtcConfiguration Config = new() { LoopbackOnly = true, Certificate = DtlsCertificate.Generate() };

    [Fact]
    public async Task DotNetOffers_ThousandMessagesEachWay_1BTo256KiB_Verified_AndChannelsCloseFromEitherSide()
    {
        await using var pc = new RtcPeerConnection(Config);
        var ours = pc.CreateDataChannel("dotnet");
        var sw = Stopwatch.StartNew();
        await using var page = await ChromiumPeer.CreateAsync(chromium.Browser);
        await page.ConnectAsAnswererAsync(pc);
        await ChannelIo.WhenOpenAsync(ours).WaitAsync(Timeout);
        var id = await page.WaitChannelAsync("dotnet");
        output.WriteLine($"open after {sw.ElapsedMilliseconds} ms; DTLS {pc.DtlsRole}; stream {ours.Id}");
        Assert.Equal(DtlsRole.Server, pc.DtlsRole); // Chromium answers active
        Assert.Equal(ours.Id, (ushort)id);
        Assert.Equal(1, id % 2);

        await ExchangeAsync(pc, ours, page, "dotnet");

        // A channel opened by Chromium arrives through DCEP with Chromium's (client, even) parity.
        var remote = PeerPair.NextRemoteChannelAsync(pc);
        var chromiumId = await page.CreateChannelAsync("chromium");
        var theirs = await remote.WaitAsync(Timeout);
        Assert.Equal((ushort)chromiumId, theirs.Id);
        Assert.Equal(0, chromiumId % 2);
        var texts = ChannelIo.Collect(theirs);
        await page.SendTextAsync("chromium", "héllo from chromium");
        Assert.True(texts.TryTake(out var text, 10_000));
        Assert.Equal("héllo from chromium", text.Text);
        theirs.Send("héllo from .NET");
        Assert.Equal("héllo from .NET", await page.NextTextAsync("chromium"));

        // Close ours from .NET, theirs from Chromium.
        ours.Close();
        Assert.True(await page.WaitClosedAsync("dotnet"));
        await ChannelIo.WhenClosedAsync(ours).WaitAsync(Timeout);
        var theirsClosed = ChannelIo.WhenClosedAsync(theirs);
        await page.CloseChannelAsync("chromium");
        await theirsClosed.WaitAsync(Timeout);
        Assert.Equal("connected", await page.ConnectionStateAsync());
        output.WriteLine($"done after {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ChromiumOffers_ThousandMessagesEachWay_1BTo256KiB_Verified_AndChannelsCloseFromEitherSide()
    {
        await using var pc = new RtcPeerConnection(Config);
        var sw = Stopwatch.StartNew();
        await using var page = await ChromiumPeer.CreateAsync(chromium.Browser);
        var remote = PeerPair.NextRemoteChannelAsync(pc);
        var opening = page.CreateChannelAsync("chromium");
        await page.ConnectAsOffererAsync(pc);
        var chromiumId = await opening.WaitAsync(Timeout);
        var theirs = await remote.WaitAsync(Timeout);
        output.WriteLine($"open after {sw.ElapsedMilliseconds} ms; DTLS {pc.DtlsRole}; stream {theirs.Id}");
        Assert.Equal(DtlsRole.Client, pc.DtlsRole); // we answered active
        Assert.Equal(1, chromiumId % 2); // Chromium is DTLS server: odd

        await ExchangeAsync(pc, theirs, page, "chromium");

        var ours = pc.CreateDataChannel("dotnet", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 5 });
        await ChannelIo.WhenOpenAsync(ours).WaitAsync(Timeout);
        Assert.Equal(0, (ours.Id ?? 1) % 2);
        Assert.Equal(ours.Id, (ushort)await page.WaitChannelAsync("dotnet"));
        ours.Send("ping");
        Assert.Equal("ping", await page.NextTextAsync("dotnet"));

        var oursClosed = ChannelIo.WhenClosedAsync(ours);
        await page.CloseChannelAsync("dotnet");
        await oursClosed.WaitAsync(Timeout);
        theirs.Close();
        Assert.True(await page.WaitClosedAsync("chromium"));
        await ChannelIo.WhenClosedAsync(theirs).WaitAsync(Timeout);
        output.WriteLine($"done after {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task FiftyDataChannelConnectionsInARow_BothRoles_DoNotGrowHandlesOrMemory()
    {
        const int Connections = 50;
        var fds = new List<int>();
        var memory = new List<long>();
        var sw = Stopwatch.StartNew();
        await using var page = await ChromiumPeer.CreateAsync(chromium.Browser);
        for (var i = 0; i < Connections; i++)
        {
            if (i > 0)
            {
                await page.RenewAsync();
            }

            await using (var pc = new RtcPeerConnection(Config))
            {
                var label = "c" + i;
                var channel = pc.CreateDataChannel(label);
                if (i % 2 == 0)
                {
                    await page.ConnectAsAnswererAsync(pc);
                }
                else
                {
                    var opening = page.CreateChannelAsync("x");
                    await page.ConnectAsOffererAsync(pc);
                    await opening.WaitAsync(Timeout);
                }

                try
                {
                    await ChannelIo.WhenOpenAsync(channel).WaitAsync(Timeout);
                }
                catch (TimeoutException e)
                {
                    // Seen once in a full CI run (1 of 50 never opened, not reproduced in 8 runs since):
                    // say which stage stuck, so the next failure can be traced.
                    throw new TimeoutException($"connection {i} ({(i % 2 == 0 ? ".NET offers" : "Chromium offers")}) not open after {Timeout.TotalSeconds} s: .NET peer connection {pc.ConnectionState}, ICE {pc.IceConnectionState}, signalling {pc.SignalingState}, channel {channel.ReadyState}", e);
                }

                await page.WaitChannelAsync(label);
                channel.Send("n" + i);
                Assert.Equal("n" + i, await page.NextTextAsync(label));
            }

            if (i is 4 or Connections - 1)
            {
                await Task.Delay(500);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                fds.Add(Directory.GetFiles("/proc/self/fd").Length);
                memory.Add(GC.GetTotalMemory(true));
                output.WriteLine($"after {i + 1}: fds {fds[^1]}, threads {Process.GetCurrentProcess().Threads.Count}, managed {memory[^1] / 1024} KiB, {sw.ElapsedMilliseconds} ms");
            }
        }

        Assert.InRange(fds[1] - fds[0], int.MinValue, 10);
        Assert.InRange(memory[1] - memory[0], long.MinValue, 16L << 20);
    }

    private async Task ExchangeAsync(RtcPeerConnection pc, RtcDataChannel channel, ChromiumPeer page, string label)
    {
        var total = MessagePattern.TotalBytes(Messages);
        var sw = Stopwatch.StartNew();
        var atChromium = page.ExpectPatternAsync(label, Messages);
        await ChannelIo.SendPatternAsync(channel, Messages, ChromiumPeer.BulkTimeout);
        Assert.Equal(Messages, await atChromium.WaitAsync(ChromiumPeer.BulkTimeout));
        output.WriteLine($".NET -> Chromium: {Messages} messages, {total / 1e6:F1} MB verified in {sw.ElapsedMilliseconds} ms");

        sw.Restart();
        var atDotNet = ChannelIo.ExpectPatternAsync(channel, Messages);
        await page.SendPatternAsync(label, Messages);
        Assert.Equal(Messages, await atDotNet.WaitAsync(ChromiumPeer.BulkTimeout));
        output.WriteLine($"Chromium -> .NET: {Messages} messages, {total / 1e6:F1} MB verified in {sw.ElapsedMilliseconds} ms");
        Assert.Equal(RtcPeerConnectionState.Connected, pc.ConnectionState);
    }
}
