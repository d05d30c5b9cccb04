using StreamSwarm.WebRtc.Sctp;
using StreamSwarm.WebRtc.Sctp.Chunks;
using StreamSwarm.WebRtc.Sctp.Parameters;

namespace StreamSwarm.WebRtc.Tests.Sctp;

public class SctpCodecTests
{
    public delegate bool Reader(ReadOnlySpan<byte> data, out int consumed);

    [Fact]
    public void Crc32c_MatchesRfc3720Vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Crc32c_SoftwareAndHardwarePathsAgree()
    {
        var rng = new Random(1);
        for (var len = 0; len < 300; len++)
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Assert.Equal(~Crc32c.UpdateSoftware(0xFFFFFFFFu, data), Crc32c.Compute(data));
        }

        Assert.Equal(0x46DD794Eu, ~Crc32c.UpdateSoftware(0xFFFFFFFFu, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void Packet_ChecksumRoundTripsAndDetectsCorruption()
    {
        var packet = new byte[12 + 20];
        new SctpPacketHeader(5000, 5000, 0xDEADBEEF).Write(packet);
        new ShutdownChunk(7).Write(packet.AsSpan(12));
        new ShutdownChunk(8).Write(packet.AsSpan(20));
        new EmptyChunk(SctpChunkType.CookieAck).Write(packet.AsSpan(28));
        SctpPacket.SetChecksum(packet);
        Assert.True(SctpPacket.IsChecksumValid(packet));
        Assert.True(SctpPacketHeader.TryRead(packet, out var header, out _));
        Assert.Equal(0xDEADBEEFu, header.VerificationTag);
        var e = new SctpChunkEnumerator(packet.AsSpan(12));
        var n = 0;
        while (e.MoveNext())
        {
            n++;
        }

        Assert.Equal(3, n);
        Assert.False(e.Malformed);
        packet[20] ^= 1;
        Assert.False(SctpPacket.IsChecksumValid(packet));
        Assert.False(SctpPacket.IsChecksumValid(packet.AsSpan(0, 11)));
    }

    private static readonly string[] Names = ["data", "init", "initack", "sack", "hb", "hback", "abort", "error",
        "shutdown", "shutdownack", "shutdowncomplete", "cookieecho", "cookieack", "fwdtsn", "reconfig-req", "reconfig-resp"];

    public static TheoryData<string> ChunkNames => new(Names);

    [Theory]
    [MemberData(nameof(ChunkNames))]
    public void Chunk_RoundTripsAndRejectsEveryTruncation(string name)
    {
        var bytes = Encode(name);
        Assert.Equal(0, bytes.Length % 4);
        Assert.True(Read(name, bytes, out int consumed));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(bytes, Reencode(name, bytes));
        for (var len = 0; len < bytes.Length; len++)
        {
            var truncated = bytes.AsSpan(0, len).ToArray();
            // Padding-only truncation of the last chunk is tolerated; anything cutting the declared length is not.
            int declared = len >= 4 ? (bytes[2] << 8) | bytes[3] : int.MaxValue;
            if (len < declared)
            {
                Assert.False(Read(name, truncated, out _), $"{name} accepted at length {len}");
            }
        }
    }

    [Fact]
    public void Init_SkipsUnknownParametersByUpperBitsAndZeroChecksum()
    {
        var init = new InitChunk(false, 1, 2, 3, 4, 5) { ForwardTsnSupported = true, SupportedExtensions = [0x82, 0xC0] };
        var bytes = new byte[init.GetSize() + 16];
        init.Write(bytes);
        // Append a 0x8001 zero-checksum parameter and a 0xC123 unknown "skip" parameter.
        int len = init.GetSize();
        bytes[len] = 0x80; bytes[len + 1] = 0x01; bytes[len + 3] = 8;
        bytes[len + 8] = 0xC1; bytes[len + 9] = 0x23; bytes[len + 11] = 8;
        bytes[3] = (byte)(len + 16);
        Assert.True(InitChunk.TryRead(bytes, out var read, out _));
        Assert.True(read!.ForwardTsnSupported);
        Assert.True(read.SupportsExtension(SctpChunkType.ReConfig));
        Assert.True(read.SupportsExtension(SctpChunkType.ForwardTsn));

        // A 00-type unknown parameter stops parameter processing: the later Forward-TSN is not seen.
        var stop = new byte[20 + 4 + 4];
        new InitChunk(false, 1, 2, 3, 4, 5).Write(stop);
        stop[20] = 0x00; stop[21] = 0x77; stop[23] = 4;
        stop[24] = 0xC0; stop[27] = 4;
        stop[3] = 28;
        Assert.True(InitChunk.TryRead(stop, out var stopped, out _));
        Assert.False(stopped!.ForwardTsnSupported);
    }

    [Fact]
    public void UnknownChunkAction_FollowsUpperTwoBits()
    {
        Assert.Equal(UnknownChunkAction.Stop, SctpChunkTypeExtensions.UnknownAction(0x3F));
        Assert.Equal(UnknownChunkAction.StopAndReport, SctpChunkTypeExtensions.UnknownAction(0x40));
        Assert.Equal(UnknownChunkAction.Skip, SctpChunkTypeExtensions.UnknownAction(0x80));
        Assert.Equal(UnknownChunkAction.SkipAndReport, SctpChunkTypeExtensions.UnknownAction(0xC1));
    }

    [Fact]
    public void AllReaders_NeverThrowOnRandomAndMutatedInput()
    {
        var rng = new Random(12345);
        var seeds = new List<byte[]>();
        foreach (var name in Names)
        {
            seeds.Add(Encode(name));
        }

        for (var i = 0; i < 20000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[rng.Next(0, 64)];
                rng.NextBytes(input);
            }
            else
            {
                input = (byte[])seeds[rng.Next(seeds.Count)].Clone();
                for (var m = rng.Next(1, 4); m > 0 && input.Length > 0; m--)
                {
                    input[rng.Next(input.Length)] = (byte)rng.Next(256);
                }
            }

            foreach (var name in Names)
            {
                if (Read(name, input, out int consumed))
                {
                    Assert.InRange(consumed, 4, input.Length);
                }
            }

            var e = new SctpChunkEnumerator(input);
            while (e.MoveNext())
            {
            }
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public void RandomBytes_NeverThrowFromAnyReader(byte[] input, byte chunkType)
    {
        foreach (var name in Names)
        {
            if (Read(name, input, out int consumed))
            {
                Assert.InRange(consumed, 4, input.Length);
            }
        }

        // With a chosen chunk type in front, the body reaches each reader's deeper checks.
        var typed = new byte[input.Length + 4];
        typed[0] = chunkType;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(typed.AsSpan(2), (ushort)typed.Length);
        input.CopyTo(typed, 4);
        foreach (var name in Names)
        {
            Read(name, typed, out _);
        }

        OutgoingSsnResetRequestParameter.TryRead(input, out _, out _);
        ReconfigurationResponseParameter.TryRead(input, out _, out _);
        SctpPacketHeader.TryRead(input, out _, out _);
        SctpPacket.IsChecksumValid(input);
        var e = new SctpChunkEnumerator(input);
        while (e.MoveNext())
        {
        }
    }

    private static byte[] Encode(string name)
    {
        var buffer = new byte[512];
        int n = name switch
        {
            "data" => new DataChunk(0x01020304, 7, 9, 51, DataChunk.FlagBeginning | DataChunk.FlagEnd, "hello"u8).Write(buffer),
            "init" => new InitChunk(false, 0xAABBCCDD, 1 << 20, 65535, 65535, 42) { ForwardTsnSupported = true, SupportedExtensions = [0x82, 0xC0] }.Write(buffer),
            "initack" => new InitChunk(true, 0x11223344, 1 << 20, 65535, 65535, 43) { StateCookie = [1, 2, 3, 4, 5], ForwardTsnSupported = true }.Write(buffer),
            "sack" => new SackChunk(100, 5000, [new GapAckBlock(2, 3), new GapAckBlock(5, 9)], [99, 98]).Write(buffer),
            "hb" => new HeartbeatChunk(false, [9, 8, 7]).Write(buffer),
            "hback" => new HeartbeatChunk(true, [9, 8, 7, 6, 5, 4, 3, 2]).Write(buffer),
            "abort" => new ErrorCarryingChunk(SctpChunkType.Abort, true, ErrorCauses.Create(SctpErrorCause.UserInitiatedAbort, "bye")).Write(buffer),
            "error" => new ErrorCarryingChunk(SctpChunkType.Error, false, ErrorCauses.Create(SctpErrorCause.StaleCookie, [0, 0, 0, 1])).Write(buffer),
            "shutdown" => new ShutdownChunk(77).Write(buffer),
            "shutdownack" => new EmptyChunk(SctpChunkType.ShutdownAck).Write(buffer),
            "shutdowncomplete" => new EmptyChunk(SctpChunkType.ShutdownComplete, 1).Write(buffer),
            "cookieecho" => new CookieEchoChunk([1, 2, 3, 4, 5, 6, 7]).Write(buffer),
            "cookieack" => new EmptyChunk(SctpChunkType.CookieAck).Write(buffer),
            "fwdtsn" => new ForwardTsnChunk(1234, [new ForwardTsnStream(1, 2), new ForwardTsnStream(3, 4)]).Write(buffer),
            "reconfig-req" => new ReConfigChunk(new OutgoingSsnResetRequestParameter(1, 2, 3, [4, 5, 6]), null).Write(buffer),
            "reconfig-resp" => new ReConfigChunk(null, new ReconfigurationResponseParameter(9, ReconfigurationResult.SuccessPerformed)).Write(buffer),
            _ => throw new ArgumentException(name),
        };
        return buffer.AsSpan(0, n).ToArray();
    }

    private static bool Read(string name, ReadOnlySpan<byte> data, out int consumed)
    {
        switch (name)
        {
            case "data": return DataChunk.TryRead(data, out _, out consumed);
            case "init" or "initack": return InitChunk.TryRead(data, out _, out consumed);
            case "sack": return SackChunk.TryRead(data, out _, out consumed);
            case "hb" or "hback": return HeartbeatChunk.TryRead(data, out _, out consumed);
            case "abort" or "error": return ErrorCarryingChunk.TryRead(data, out _, out consumed);
            case "shutdown": return ShutdownChunk.TryRead(data, out _, out consumed);
            case "cookieecho": return CookieEchoChunk.TryRead(data, out _, out consumed);
            case "fwdtsn": return ForwardTsnChunk.TryRead(data, out _, out consumed);
            case "reconfig-req" or "reconfig-resp": return ReConfigChunk.TryRead(data, out _, out consumed);
            default: return EmptyChunk.TryRead(data, out _, out consumed);
        }
    }

    private static byte[] Reencode(string name, byte[] bytes)
    {
        var buffer = new byte[512];
        int n;
        switch (name)
        {
            case "data":
                DataChunk.TryRead(bytes, out var d, out _);
                n = d.Write(buffer);
                break;
            case "init" or "initack":
                InitChunk.TryRead(bytes, out var i, out _);
                n = i!.Write(buffer);
                break;
            case "sack":
                SackChunk.TryRead(bytes, out var s, out _);
                n = s!.Write(buffer);
                break;
            case "hb" or "hback":
                HeartbeatChunk.TryRead(bytes, out var h, out _);
                n = h!.Write(buffer);
                break;
            case "abort" or "error":
                ErrorCarryingChunk.TryRead(bytes, out var a, out _);
                n = a!.Write(buffer);
                break;
            case "shutdown":
                ShutdownChunk.TryRead(bytes, out var sh, out _);
                n = sh.Write(buffer);
                break;
            case "cookieecho":
                CookieEchoChunk.TryRead(bytes, out var c, out _);
                n = c!.Write(buffer);
                break;
            case "fwdtsn":
                ForwardTsnChunk.TryRead(bytes, out var f, out _);
                n = f!.Write(buffer);
                break;
            case "reconfig-req" or "reconfig-resp":
                ReConfigChunk.TryRead(bytes, out var r, out _);
                n = r!.Write(buffer);
                break;
            default:
                EmptyChunk.TryRead(bytes, out var em, out _);
                n = em.Write(buffer);
                break;
        }

        return buffer.AsSpan(0, n).ToArray();
    }
}
