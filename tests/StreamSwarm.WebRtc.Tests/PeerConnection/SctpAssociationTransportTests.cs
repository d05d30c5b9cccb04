using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.WebRtc.DataChannel;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.PeerConnection;
using StreamSwarm.WebRtc.Tests.Dtls;

namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>The adapter over two real associations on an in-memory datagram link.</summary>
public sealed class SctpAssociationTransportTests
{
    [Fact]
    public async Task MessagesBeforeTheHandler_AreReplayedInOrder_AndDcepBytesAreNotReportedAsSent()
    {
        var link = new MemoryDatagramLink(1280);
        var pa = new SctpConnectParameters(link.A, DtlsRole.Client, 5000, 5000, 262144, NullLoggerFactory.Instance);
        var pb = pa with { Dtls = link.B, Role = DtlsRole.Server };
        var connecting = new[] { SctpAssociationTransport.ConnectAsync(pa, default), SctpAssociationTransport.ConnectAsync(pb, default) };
        var ts = await Task.WhenAll(connecting).WaitAsync(TimeSpan.FromSeconds(10));
        await using var a = ts[0];
        await using var b = ts[1];

        var sentBack = new Recorder();
        a.SetHandler(sentBack);
        Assert.True(a.Send(0, DataChannelPpid.Dcep, [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], DataChannelSendOptions.Reliable));
        for (byte i = 1; i <= 5; i++)
        {
            Assert.True(a.Send(0, DataChannelPpid.Binary, new byte[i * 1000], DataChannelSendOptions.Reliable));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (a.Association.GetBufferedAmount(0) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Task.Delay(200); // the peer has had time to receive everything before it has a handler
        var late = new Recorder();
        b.SetHandler(late);
        Assert.Equal([12, 1000, 2000, 3000, 4000, 5000], late.Messages.Select(m => m.Length));
        Assert.Equal((uint)DataChannelPpid.Dcep, late.Messages.First().Ppid);
        Assert.Equal(15000, sentBack.Decreased.Sum()); // the 12 DCEP bytes are not a channel's bufferedAmount
    }

    private sealed class Recorder : IDataChannelTransportHandler
    {
        public ConcurrentQueue<(uint Ppid, int Length)> Messages { get; } = new();

        public ConcurrentQueue<long> Decreased { get; } = new();

        public void OnMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> payload) => Messages.Enqueue((ppid, payload.Length));

        public void OnIncomingStreamReset(ushort streamId)
        {
        }

        public void OnBufferedAmountDecreased(ushort streamId, long bytes) => Decreased.Enqueue(bytes);

        public void OnTransportClosed()
        {
        }
    }
}
