using System.Collections.Concurrent;
using StreamSwarm.WebRtc.Dtls;
using CipherSuite = Org.BouncyCastle.Tls.CipherSuite;

namespace StreamSwarm.WebRtc.Tests.Dtls;

public sealed class DtlsTransportTests
{
    private static readonly DtlsCertificate CertA = DtlsCertificate.Generate();
    private static readonly DtlsCertificate CertB = DtlsCertificate.Generate();

    [Theory]
    [InlineData(DtlsRole.Client, DtlsRole.Server)]
    [InlineData(DtlsRole.Server, DtlsRole.Client)]
    public async Task Handshake_CompletesInEitherRoleAssignment_AndCarriesDatagramsBothWays(DtlsRole roleA, DtlsRole roleB)
    {
        var link = new MemoryDatagramLink();
        await using var a = new DtlsTransport(link.A, CertA, roleA, CertB.Fingerprint);
        await using var b = new DtlsTransport(link.B, CertB, roleB, CertA.Fingerprint);
        var atA = new BlockingCollection<byte[]>();
        var atB = new BlockingCollection<byte[]>();
        a.SetReceiver(d => atA.Add(d.ToArray()));
        b.SetReceiver(d => atB.Add(d.ToArray()));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(a.ConnectAsync(cts.Token), b.ConnectAsync(cts.Token));

        Assert.Equal(DtlsState.Connected, a.State);
        Assert.Equal(DtlsState.Connected, b.State);
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, a.CipherSuite);
        Assert.InRange(a.MaxDatagramSize, 1100, 1200);

        var payload = new byte[a.MaxDatagramSize];
        Random.Shared.NextBytes(payload);
        a.Send(payload);
        b.Send(payload.AsSpan(0, 1));
        Assert.True(atB.TryTake(out var gotB, 5000));
        Assert.Equal(payload, gotB);
        Assert.True(atA.TryTake(out var gotA, 5000));
        Assert.Equal(payload[..1], gotA);
    }

    [Theory]
    [InlineData(DtlsRole.Client, DtlsRole.Server)]
    [InlineData(DtlsRole.Server, DtlsRole.Client)]
    public async Task Handshake_OverLoopbackUdp_CarriesFullSizeDatagrams(DtlsRole roleA, DtlsRole roleB)
    {
        using var udp = new UdpDatagramPair();
        await using var a = new DtlsTransport(udp.A, CertA, roleA, CertB.Fingerprint);
        await using var b = new DtlsTransport(udp.B, CertB, roleB, CertA.Fingerprint);
        var atB = new BlockingCollection<byte[]>();
        b.SetReceiver(d => atB.Add(d.ToArray()));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(a.ConnectAsync(cts.Token), b.ConnectAsync(cts.Token));
        for (var i = 0; i < 100; i++)
        {
            var payload = new byte[1 + (i * 37 % a.MaxDatagramSize)];
            payload[0] = (byte)i;
            a.Send(payload);
            Assert.True(atB.TryTake(out var got, 5000));
            Assert.Equal(payload, got);
        }
    }

    [Fact]
    public async Task Handshake_FailsOnBothSides_WhenTheFingerprintDoesNotMatch()
    {
        var link = new MemoryDatagramLink();
        var stranger = DtlsCertificate.Generate();
        await using var client = new DtlsTransport(link.A, CertA, DtlsRole.Client, CertB.Fingerprint, new DtlsTransportOptions { HandshakeTimeoutMs = 5000 });
        await using var server = new DtlsTransport(link.B, CertB, DtlsRole.Server, stranger.Fingerprint, new DtlsTransportOptions { HandshakeTimeoutMs = 5000 });

        var serverTask = server.ConnectAsync();
        var clientTask = client.ConnectAsync();

        var ex = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverTask);
        Assert.Contains("fingerprint", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientTask);
        Assert.Equal(DtlsState.Failed, server.State);
    }

    [Fact]
    public async Task Handshake_FailsOnTheClient_WhenTheServerCertificateIsNotTheExpectedOne()
    {
        var link = new MemoryDatagramLink();
        var stranger = DtlsCertificate.Generate();
        await using var client = new DtlsTransport(link.A, CertA, DtlsRole.Client, stranger.Fingerprint, new DtlsTransportOptions { HandshakeTimeoutMs = 5000 });
        await using var server = new DtlsTransport(link.B, CertB, DtlsRole.Server, CertA.Fingerprint, new DtlsTransportOptions { HandshakeTimeoutMs = 5000 });

        var serverTask = server.ConnectAsync();
        var ex = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.ConnectAsync());
        Assert.Contains("fingerprint", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverTask);
    }

    [Fact]
    public async Task Handshake_SurvivesLossOfTheFirstFlights()
    {
        var link = new MemoryDatagramLink();
        var dropped = 0;
        link.A.Filter = _ => Interlocked.Increment(ref dropped) > 1;
        await using var a = new DtlsTransport(link.A, CertA, DtlsRole.Client, CertB.Fingerprint);
        await using var b = new DtlsTransport(link.B, CertB, DtlsRole.Server, CertA.Fingerprint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(a.ConnectAsync(cts.Token), b.ConnectAsync(cts.Token));
        Assert.Equal(DtlsState.Connected, b.State);
    }

    [Fact]
    public async Task Close_SendsCloseNotify_AndThePeerCloses()
    {
        var link = new MemoryDatagramLink();
        await using var a = new DtlsTransport(link.A, CertA, DtlsRole.Client, CertB.Fingerprint);
        await using var b = new DtlsTransport(link.B, CertB, DtlsRole.Server, CertA.Fingerprint);
        var closed = new TaskCompletionSource();
        b.StateChanged += s =>
        {
            if (s == DtlsState.Closed)
            {
                closed.TrySetResult();
            }
        };
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync());

        a.Close();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DtlsState.Closed, a.State);
        Assert.Equal(DtlsState.Closed, b.State);
    }

    [Fact]
    public async Task Connect_IsCancelled_WhenNoPeerAnswers()
    {
        var link = new MemoryDatagramLink();
        await using var a = new DtlsTransport(link.A, CertA, DtlsRole.Client, CertB.Fingerprint);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => a.ConnectAsync(cts.Token));
        Assert.Equal(DtlsState.Closed, a.State);
    }
}
