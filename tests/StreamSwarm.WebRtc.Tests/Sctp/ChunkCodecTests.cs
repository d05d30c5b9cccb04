using StreamSwarm.WebRtc.Sctp;
using StreamSwarm.WebRtc.Sctp.Chunks;
using StreamSwarm.WebRtc.Sctp.Parameters;

namespace StreamSwarm.WebRtc.Tests.Sctp;

public class ChunkCodecTests
{
    // DATA, hand-built from RFC 9260 §3.3.1: B|E, TSN 1, stream 2, SSN 3, PPID 51, "abc" + 1 pad byte.
    private static readonly byte[] DataVector = Convert.FromHexString("0003001300000001000200030000003361626300");

    // SACK from RFC 9260 §3.3.4: cum 100, a_rwnd 0x100000, one gap 2..3, one dup TSN 99.
    private static readonly byte[] SackVector = Convert.FromHexString("0300001800000064001000000001000100020003" + "00000063");

    // INIT per §3.3.2 with Forward-TSN-Supported and Supported Extensions (0x82, 0xC0).
    private static readonly byte[] InitVector = Convert.FromHexString(
        "0100001E" + "11223344" + "00100000" + "FFFFFFFF" + "00000001" + "C0000004" + "80080006" + "82C00000");

    [Fact]
    public void Data_ReadsFields_AndRoundTrips()
    {
        Assert.True(DataChunk.TryRead(DataVector, out var c, out int consumed));
        Assert.Equal(20, consumed);
        Assert.True(c.IsBeginning && c.IsEnd && !c.IsUnordered);
        Assert.Equal(1u, c.Tsn);
        Assert.Equal((ushort)2, c.StreamId);
        Assert.Equal((ushort)3, c.Ssn);
        Assert.Equal(51u, c.Ppid);
        Assert.Equal("abc"u8.ToArray(), c.UserData.ToArray());
        var dirty = Dirty(c.GetSize());
        Assert.Equal(20, c.Write(dirty));
        Assert.Equal(DataVector, dirty);
    }

    [Fact]
    public void Sack_ReadsBlocksAndDuplicates_AndRoundTrips()
    {
        Assert.True(SackChunk.TryRead(SackVector, out var s, out _));
        Assert.Equal(100u, s.CumulativeTsnAck);
        Assert.Equal(0x100000u, s.AdvertisedReceiverWindow);
        Assert.Equal(new GapAckBlock(2, 3), s.GetGapAckBlock(0));
        Assert.Equal(99u, s.GetDuplicateTsn(0));
        var written = new SackChunk(100, 0x100000, [new GapAckBlock(2, 3)], [99u]);
        var dirty = Dirty(written.GetSize());
        written.Write(dirty);
        Assert.Equal(SackVector, dirty);
    }

    [Fact]
    public void Init_ReadsParameters_AndRoundTrips()
    {
        Assert.True(InitChunk.TryRead(InitVector, out var init, out int consumed));
        Assert.Equal(InitVector.Length, consumed);
        Assert.Equal(0x11223344u, init.InitiateTag);
        Assert.Equal((ushort)0xFFFF, init.OutboundStreams);
        Assert.True(SctpParameter.TryRead(init.Parameters, out var p1, out int n1));
        Assert.Equal((ushort)ParameterType.ForwardTsnSupported, p1.Type);
        Assert.True(SupportedExtensionsParameter.TryRead(init.Parameters[n1..], out var ext, out _));
        Assert.True(ext.Contains(ChunkType.ReConfig) && ext.Contains(ChunkType.ForwardTsn));
        var dirty = Dirty(init.GetSize());
        init.Write(dirty);
        Assert.Equal(InitVector, dirty);
        Assert.False(InitAckChunk.TryRead(InitVector, out _, out _));
    }

    [Fact]
    public void ForwardTsnAndReconfig_RoundTrip()
    {
        var fwd = new ForwardTsnChunk(77, [new ForwardTsnStream(1, 9)]);
        var buf = Dirty(fwd.GetSize());
        fwd.Write(buf);
        Assert.True(ForwardTsnChunk.TryRead(buf, out var back, out _));
        Assert.Equal(77u, back.NewCumulativeTsn);
        Assert.Equal(new ForwardTsnStream(1, 9), back.GetStream(0));

        var req = new OutgoingSsnResetRequestParameter(5, 4, 1000, [3, 7, 9]);
        var pbuf = Dirty(req.GetSize());
        req.Write(pbuf);
        Assert.Equal(24, pbuf.Length);
        Assert.True(OutgoingSsnResetRequestParameter.TryRead(pbuf, out var r, out _));
        Assert.Equal(3, r.StreamCount);
        Assert.Equal((ushort)9, r.GetStream(2));
        Assert.Equal(1000u, r.SenderLastAssignedTsn);

        var resp = new ReconfigurationResponseParameter(5, ReconfigurationResult.SuccessPerformed);
        var rbuf = Dirty(ReconfigurationResponseParameter.GetSize());
        resp.Write(rbuf);
        Assert.True(ReconfigurationResponseParameter.TryRead(rbuf, out var rr, out _));
        Assert.Equal(resp, rr);

        var inc = new IncomingSsnResetRequestParameter(6, [2]);
        var ibuf = Dirty(inc.GetSize());
        inc.Write(ibuf);
        Assert.True(IncomingSsnResetRequestParameter.TryRead(ibuf, out var ir, out _));
        Assert.Equal((ushort)2, ir.GetStream(0));
    }

    [Fact]
    public void EveryVector_TruncatedAtEveryLength_IsRejectedWithoutThrowing()
    {
        for (int n = 0; n < DataVector.Length - 1; n++)
        {
            Assert.False(DataChunk.TryRead(DataVector.AsSpan(0, n), out _, out _));
        }

        for (int n = 0; n < SackVector.Length; n++)
        {
            Assert.False(SackChunk.TryRead(SackVector.AsSpan(0, n), out _, out _));
        }

        for (int n = 0; n < 20; n++)
        {
            Assert.False(InitChunk.TryRead(InitVector.AsSpan(0, n), out _, out _));
        }
    }

    [Theory]
    [InlineData(0x3F, UnknownChunkAction.Stop)]
    [InlineData(0x7F, UnknownChunkAction.StopAndReport)]
    [InlineData(0xBF, UnknownChunkAction.Skip)]
    [InlineData(0xFF, UnknownChunkAction.SkipAndReport)]
    public void UnknownChunkType_ActionComesFromUpperBits(byte type, UnknownChunkAction expected) =>
        Assert.Equal(expected, ChunkHeader.ActionFor(type));

    [Fact]
    public void ChunkEnumerator_WalksPaddedChunks_AndFlagsBadLength()
    {
        var packet = new byte[12 + 20 + 4];
        DataVector.CopyTo(packet, 12);
        new CookieAckChunk().Write(packet.AsSpan(32));
        int count = 0;
        var e = SctpPacket.EnumerateChunks(packet);
        while (e.MoveNext())
        {
            count++;
        }

        Assert.Equal(2, count);
        Assert.False(e.IsMalformed);
        packet[34] = 0;
        packet[35] = 9;
        e = SctpPacket.EnumerateChunks(packet);
        while (e.MoveNext())
        {
        }

        Assert.True(e.IsMalformed);
    }

    [Fact]
    public void RandomBytes_NeverThrowFromAnyReader()
    {
        var rng = new Random(42);
        var buf = new byte[64];
        for (int i = 0; i < 20000; i++)
        {
            rng.NextBytes(buf);
            var span = buf.AsSpan(0, rng.Next(buf.Length));
            _ = DataChunk.TryRead(span, out _, out _);
            _ = SackChunk.TryRead(span, out _, out _);
            _ = InitChunk.TryRead(span, out _, out _);
            _ = ForwardTsnChunk.TryRead(span, out _, out _);
            _ = SctpParameter.TryRead(span, out _, out _);
            _ = OutgoingSsnResetRequestParameter.TryRead(span, out _, out _);
            var e = new ChunkEnumerator();
            _ = e;
        }
    }

    private static byte[] Dirty(int size)
    {
        var b = new byte[size];
        Array.Fill(b, (byte)0xFF);
        return b;
    }
}
