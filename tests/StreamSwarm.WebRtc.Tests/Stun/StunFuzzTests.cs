using System.Net;
using FsCheck;
using FsCheck.Fluent;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Tests.Stun;

public class StunFuzzTests
{
    private static void Probe(byte[] input)
    {
        if (StunMessage.TryRead(input, out var m, out int consumed))
        {
            Assert.InRange(consumed, StunHeader.Size, input.Length);
            m!.VerifyMessageIntegrity([1, 2, 3]);
            m.VerifyMessageIntegritySha256([1, 2, 3]);
            m.VerifyFingerprint();
            foreach (var a in m.Attributes)
            {
                var v = m.GetValue(a);
                XorAddressAttribute.TryRead(v, m.TransactionId, out _);
                MappedAddressAttribute.TryRead(v, out _);
                ErrorCodeAttribute.TryRead(v, out _);
                UnknownAttributesAttribute.TryRead(v, out _);
                ChannelNumberAttribute.TryRead(v, out _);
                RequestedTransportAttribute.TryRead(v, out _);
            }

            m.TryGetString(StunAttributeType.Username, out _);
            m.TryGetUInt32(StunAttributeType.Priority, out _);
            m.TryGetUInt64(StunAttributeType.IceControlling, out _);
            m.TryGetErrorCode(out _);
            m.TryGetMappedAddress(out _);
        }

        StunHeader.IsStun(input);
        StreamSwarm.WebRtc.Ice.Turn.ChannelDataMessage.TryRead(input, out _, out _);
    }

    [Fact]
    public void SeededMutations_NeverThrow()
    {
        var random = new Random(5769);
        var seeds = Rfc5769Vectors.All.ToArray();
        for (int i = 0; i < 20000; i++)
        {
            var seed = seeds[i % seeds.Length];
            byte[] input;
            switch (i % 4)
            {
                case 0:
                    input = new byte[random.Next(120)];
                    random.NextBytes(input);
                    break;
                case 1:
                    input = (byte[])seed.Clone();
                    for (int k = 0; k <= i % 5; k++)
                    {
                        input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 2:
                    input = seed[..random.Next(seed.Length)];
                    break;
                default:
                    // A valid header followed by random TLV soup.
                    var body = new byte[4 * random.Next(30)];
                    random.NextBytes(body);
                    input = [0, 1, (byte)(body.Length >> 8), (byte)body.Length, 0x21, 0x12, 0xa4, 0x42, .. seed[8..20], .. body];
                    break;
            }

            Probe(input);
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public void RandomBytes_NeverThrow(byte[] input)
    {
        Probe(input);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property XorAddress_RoundTrips(uint ip, ushort port, ulong high, uint low)
    {
        var endPoint = new IPEndPoint(new IPAddress(ip), port);
        var id = new StunTransactionId(high, low);
        Span<byte> buffer = stackalloc byte[20];
        int n = new XorAddressAttribute(endPoint).Write(buffer, id);
        bool ok = XorAddressAttribute.TryRead(buffer[..n], id, out var back);
        return (ok && back.EndPoint.Equals(endPoint)).ToProperty();
    }
}
