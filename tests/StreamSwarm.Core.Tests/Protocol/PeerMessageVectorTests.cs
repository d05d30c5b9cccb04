using System.Text.Json;
using StreamSwarm.Core.Protocol;

namespace StreamSwarm.Core.Tests.Protocol;

public class PeerMessageVectorTests
{
    [Theory]
    [MemberData(nameof(ProtocolVectors.Valid), MemberType = typeof(ProtocolVectors))]
    public void ValidVector_DecodesToItsFields_AndEncodesBackToTheSameBytes(string name)
    {
        var vector = ProtocolVectors.Get("valid.json", name);
        var bytes = ProtocolVectors.Bytes(vector);

        var reencoded = PeerMessageDecoding.DecodeAndReencode(bytes, out var error, out var decoded);

        Assert.Equal(PeerProtocolError.None, error);
        Assert.Equal(Convert.ToHexStringLower(bytes), Convert.ToHexStringLower(reencoded!));
        AssertFields(vector.GetProperty("type").GetString()!, vector.GetProperty("fields"), decoded);
    }

    [Theory]
    [MemberData(nameof(ProtocolVectors.Valid), MemberType = typeof(ProtocolVectors))]
    public void ValidVector_EncodedFromItsFields_GivesTheVectorBytes(string name)
    {
        var vector = ProtocolVectors.Get("valid.json", name);
        var f = vector.GetProperty("fields");
        byte[] bytes;
        switch (vector.GetProperty("type").GetString())
        {
            case "Hello":
                var hello = new HelloMessage(f.GetProperty("stream").GetString()!, f.GetProperty("renditions").EnumerateArray().Select(e => e.GetString()!).ToList(), f.GetProperty("uploadKbps").GetUInt32(), f.GetProperty("isSeed").GetBoolean());
                bytes = new byte[hello.GetSize()];
                hello.Write(bytes);
                break;
            case "Bitfield":
                var bitfield = new BitfieldMessage((byte)f.GetProperty("rendition").GetInt32(), f.GetProperty("baseMsn").GetUInt32(), f.GetProperty("count").GetInt32());
                foreach (var i in f.GetProperty("held").EnumerateArray())
                {
                    bitfield[i.GetInt32()] = true;
                }

                bytes = new byte[bitfield.GetSize()];
                bitfield.Write(bytes);
                break;
            case "Data":
                var payload = Convert.FromHexString(f.GetProperty("payload").GetString()!);
                var data = new DataMessage(f.GetProperty("requestId").GetUInt32(), f.GetProperty("offset").GetUInt32(), f.GetProperty("total").GetUInt32());
                bytes = new byte[DataMessage.GetSize(payload.Length)];
                data.Write(bytes, payload);
                break;
            default:
                // The fixed-size messages are covered by the decode/re-encode round trip.
                return;
        }

        Assert.Equal(vector.GetProperty("hex").GetString(), Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [MemberData(nameof(ProtocolVectors.Malformed), MemberType = typeof(ProtocolVectors))]
    public void MalformedVector_IsRefusedWithTheNamedError(string name)
    {
        var vector = ProtocolVectors.Get("malformed.json", name);

        var reencoded = PeerMessageDecoding.DecodeAndReencode(ProtocolVectors.Bytes(vector), out var error, out _);

        Assert.Null(reencoded);
        Assert.Equal(vector.GetProperty("error").GetString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(ProtocolVectors.Ignored), MemberType = typeof(ProtocolVectors))]
    public void UnknownType_IsIgnoredWithoutError(string name)
    {
        var bytes = ProtocolVectors.Bytes(ProtocolVectors.Get("ignored.json", name));

        Assert.False(PeerMessage.TryReadType(bytes, out _, out var error));
        Assert.Equal(PeerProtocolError.None, error);
    }

    [Fact]
    public void EveryPrefixOfEveryValidVector_IsRefusedWithoutThrowing()
    {
        foreach (var vector in ProtocolVectors.Load("valid.json"))
        {
            var bytes = ProtocolVectors.Bytes(vector);
            for (var length = 0; length < bytes.Length; length++)
            {
                var prefix = bytes[..length];
                var reencoded = PeerMessageDecoding.DecodeAndReencode(prefix, out var error, out _);

                // A DATA prefix that still holds a payload byte is itself a valid, shorter piece.
                if (reencoded is not null)
                {
                    Assert.Equal("Data", vector.GetProperty("type").GetString());
                    Assert.Equal(prefix, reencoded);
                    continue;
                }

                Assert.NotEqual(PeerProtocolError.None, error);
            }
        }
    }

    [Fact]
    public void MutatedAndRandomMessages_NeverThrow_AndWhatDecodesReencodesIdentically()
    {
        var random = new Random(20261125);
        var seeds = ProtocolVectors.Load("valid.json").Select(ProtocolVectors.Bytes).Where(b => b.Length < 100).ToList();
        for (var i = 0; i < 20_000; i++)
        {
            byte[] message;
            if (i % 4 == 0)
            {
                message = new byte[random.Next(0, 40)];
                random.NextBytes(message);
            }
            else
            {
                message = (byte[])seeds[random.Next(seeds.Count)].Clone();
                var flips = random.Next(1, 4);
                for (var f = 0; f < flips && message.Length > 0; f++)
                {
                    message[random.Next(message.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            var reencoded = PeerMessageDecoding.DecodeAndReencode(message, out _, out _);
            if (reencoded is not null)
            {
                Assert.Equal(message, reencoded);
            }
        }
    }

    private static void AssertFields(string type, JsonElement f, object? decoded)
    {
        switch (type)
        {
            case "Hello":
                var hello = Assert.IsType<HelloMessage>(decoded);
                Assert.Equal(f.GetProperty("stream").GetString(), hello.Stream);
                Assert.Equal(f.GetProperty("renditions").EnumerateArray().Select(e => e.GetString()), hello.Renditions);
                Assert.Equal(f.GetProperty("uploadKbps").GetUInt32(), hello.UploadKbps);
                Assert.Equal(f.GetProperty("isSeed").GetBoolean(), hello.IsSeed);
                break;
            case "Have":
                Assert.Equal(new HaveMessage((byte)f.GetProperty("rendition").GetInt32(), f.GetProperty("msn").GetUInt32(), (byte)f.GetProperty("part").GetInt32()), decoded);
                break;
            case "Bitfield":
                var bitfield = Assert.IsType<BitfieldMessage>(decoded);
                Assert.Equal(f.GetProperty("baseMsn").GetUInt32(), bitfield.BaseMsn);
                Assert.Equal(f.GetProperty("count").GetInt32(), bitfield.Count);
                var held = f.GetProperty("held").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
                for (var i = 0; i < bitfield.Count; i++)
                {
                    Assert.Equal(held.Contains(i), bitfield[i]);
                }

                break;
            case "Request":
                Assert.Equal(new RequestMessage(f.GetProperty("requestId").GetUInt32(), (byte)f.GetProperty("rendition").GetInt32(), f.GetProperty("msn").GetUInt32(), (byte)f.GetProperty("part").GetInt32(), (byte)f.GetProperty("priority").GetInt32()), decoded);
                break;
            case "Data":
                var (data, payload) = Assert.IsType<(DataMessage, byte[])>(decoded);
                Assert.Equal(new DataMessage(f.GetProperty("requestId").GetUInt32(), f.GetProperty("offset").GetUInt32(), f.GetProperty("total").GetUInt32()), data);
                Assert.Equal(f.GetProperty("payload").GetString(), Convert.ToHexStringLower(payload));
                break;
            case "Cancel":
                Assert.Equal(new CancelMessage(f.GetProperty("requestId").GetUInt32()), decoded);
                break;
            case "Absent":
                Assert.Equal(new AbsentMessage(f.GetProperty("requestId").GetUInt32(), (AbsentReason)f.GetProperty("reason").GetInt32()), decoded);
                break;
            case "Choke":
                Assert.Equal(PeerMessageType.Choke, decoded);
                break;
            case "Unchoke":
                Assert.Equal(PeerMessageType.Unchoke, decoded);
                break;
            default:
                Assert.Fail("unknown vector type " + type);
                break;
        }
    }
}
