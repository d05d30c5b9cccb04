using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;
using StreamSwarm.WebRtc.Tests.Ice;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Dtls;

/// <summary>
/// DTLS over real ICE agents on loopback, closed while the peer floods it. This is the race behind
/// the suite's intermittent idle hang: the ICE receive loop delivered a record while holding the
/// ICE transport's lock and waited for the DTLS adapter's lock, while a close held the adapter's
/// lock and waited for the ICE transport's (to detach its receiver). Both threads then waited forever.
/// </summary>
public sealed class DtlsOverIceCloseTests(ITestOutputHelper output)
{
    private static readonly DtlsCertificate CertA = DtlsCertificate.Generate();
    private static readonly DtlsCertificate CertB = DtlsCertificate.Generate();

    [Fact]
    public async Task Close_WhileThePeerFloods_ReturnsPromptly_AndTheIceAgentStops()
    {
        for (var round = 0; round < 5; round++)
        {
            await using var ice = IceAgentPair.Create(output, new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false });
            await ice.ConnectAsync();
            await using var a = new DtlsTransport(ice.A.Transport, CertA, DtlsRole.Client, CertB.Fingerprint);
            var b = new DtlsTransport(ice.B.Transport, CertB, DtlsRole.Server, CertA.Fingerprint);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await Task.WhenAll(a.ConnectAsync(cts.Token), b.ConnectAsync(cts.Token));

            using var stopFlood = new CancellationTokenSource();
            var payload = new byte[1000];
            var flood = Task.Run(() =>
            {
                while (!stopFlood.IsCancellationRequested)
                {
                    a.Send(payload);
                }
            });

            await Task.Delay(20 + (round * 7 % 40));
            var closing = Task.Run(() => b.DisposeAsync().AsTask());
            var finished = await Task.WhenAny(closing, Task.Delay(TimeSpan.FromSeconds(15)));
            await stopFlood.CancelAsync();
            await flood;
            Assert.True(finished == closing, $"round {round}: closing DTLS under a flood did not return (lock-order deadlock)");
            Assert.Equal(DtlsState.Closed, b.State);

            // The ICE receive loop must not be stuck inside a delivery either: disposing the agent waits for it.
            var stopping = ice.B.DisposeAsync().AsTask();
            Assert.True(await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(15))) == stopping, $"round {round}: the ICE agent did not stop");
        }
    }
}
