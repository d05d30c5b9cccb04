using System.Text;
using StreamSwarm.WebRtc.Sctp;

namespace StreamSwarm.WebRtc.Tests.Sctp;

public class Crc32cTests
{
    // RFC 3720 §B.4 (the CRC32c vectors RFC 3309 / RFC 9260 Appendix B refer to).
    public static TheoryData<byte[], uint> Vectors()
    {
        var ascending = new byte[32];
        var descending = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            ascending[i] = (byte)i;
            descending[i] = (byte)(31 - i);
        }

        var ff = new byte[32];
        Array.Fill(ff, (byte)0xFF);
        return new TheoryData<byte[], uint>
        {
            { new byte[32], 0x8A9136AAu },
            { ff, 0x62A8AB43u },
            { ascending, 0x46DD794Eu },
            { descending, 0x113FDB5Cu },
            { Encoding.ASCII.GetBytes("123456789"), 0xE3069283u },
        };
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Compute_MatchesRfcVectors(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32c.Compute(data));
        Assert.Equal(expected, ~Crc32c.UpdateSoftware(0xFFFFFFFFu, data));
    }

    [Fact]
    public void HardwareAndSoftwarePaths_AgreeOnEveryLength()
    {
        var rng = new Random(7);
        var data = new byte[300];
        rng.NextBytes(data);
        for (int n = 0; n <= data.Length; n++)
        {
            Assert.Equal(~Crc32c.UpdateSoftware(0xFFFFFFFFu, data.AsSpan(0, n)), Crc32c.Compute(data.AsSpan(0, n)));
        }
    }

    [Fact]
    public void WriteChecksum_ThenVerify_RoundTrips_AndDetectsCorruption()
    {
        var packet = new byte[32];
        new StreamSwarm.WebRtc.Sctp.Chunks.CookieAckChunk().Write(packet.AsSpan(12));
        new SctpCommonHeader(5000, 5000, 0x01020304, 0).Write(packet);
        SctpPacket.WriteChecksum(packet.AsSpan(0, 16));
        Assert.True(SctpPacket.TryReadVerified(packet.AsSpan(0, 16), out var header));
        Assert.Equal(0x01020304u, header.VerificationTag);
        packet[13] ^= 1;
        Assert.False(SctpPacket.TryReadVerified(packet.AsSpan(0, 16), out _));
    }
}
