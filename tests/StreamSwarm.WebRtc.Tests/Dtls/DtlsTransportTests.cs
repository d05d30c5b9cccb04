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
    public async Task Handshake_SurvivesLossOfTheClientsCertificateVerify_WhenItsChangeCipherSpecArrives()
    {
        // The client's second flight is Certificate, ClientKeyExchange, CertificateVerify,
        // ChangeCipherSpec, Finished. The first datagram carrying the CertificateVerify record is
        // lost; whatever else travelled separately arrives. Sent record by record, the server took
        // the ChangeCipherSpec, moved to epoch 1 and discarded every retransmitted (epoch 0)
        // CertificateVerify until the handshake timed out.
        var link = new MemoryDatagramLink();
        var lost = 0;
        link.A.Filter = d => !(DtlsRecords.HandshakeTypes(d).Contains(CertificateVerify) && Interlocked.Exchange(ref lost, 1) == 0);
        await using var a = new DtlsTransport(link.A, CertA, DtlsRole.Client, CertB.Fingerprint);
        await using var b = new DtlsTransport(link.B, CertB, DtlsRole.Server, CertA.Fingerprint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await Task.WhenAll(a.ConnectAsync(cts.Token), b.ConnectAsync(cts.Token));
        Assert.Equal(1, lost);
        Assert.Equal(DtlsState.Connected, b.State);
    }

    [Fact]
    public async Task Handshake_SendsEachFlightInOneDatagram_ThenOneDatagramPerRecord()
    {
        var link = new MemoryDatagramLink();
        var fromClient = new ConcurrentQueue<byte[]>();
        var fromServer = new ConcurrentQueue<byte[]>();
        link.A.Filter = d => { fromClient.Enqueue(d); return true; };
        link.B.Filter = d => { fromServer.Enqueue(d); return true; };
        await using var a = new DtlsTransport(link.A, CertA, DtlsRole.Client, CertB.Fingerprint);
        await using var b = new DtlsTransport(link.B, CertB, DtlsRole.Server, CertA.Fingerprint);
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync());

        // Client: ClientHello; then its whole second flight, ChangeCipherSpec and Finished included.
        // Server: its first flight; then ChangeCipherSpec and Finished.
        Assert.Equal(2, fromClient.Count);
        Assert.Equal([1], DtlsRecords.HandshakeTypes(fromClient.First()));
        Assert.Equal([11, 16, 15], DtlsRecords.HandshakeTypes(fromClient.Last()));
        Assert.Equal(5, DtlsRecords.Count(fromClient.Last()));
        Assert.Equal(2, fromServer.Count);
        Assert.Equal([2, 11, 12, 13, 14], DtlsRecords.HandshakeTypes(fromServer.First()));
        Assert.Equal(2, DtlsRecords.Count(fromServer.Last()));
        Assert.All(fromClient.Concat(fromServer), d => Assert.True(d.Length <= 1200));

        var got = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.SetReceiver(d => got.TrySetResult(d.Length));
        a.Send(new byte[100]);
        Assert.Equal(100, await got.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, fromClient.Count); // application data is not held back
    }

    private const byte CertificateVerify = 15;

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
