using StreamSwarm.Core.Protocol;

namespace StreamSwarm.Core.Tests.Protocol;

/// <summary>Decodes any message with the matching codec and re-encodes it: the tests' dispatcher.</summary>
internal static class PeerMessageDecoding
{
    /// <summary>Returns the re-encoded bytes, or null with the error; an unknown type gives null and None.</summary>
    public static byte[]? DecodeAndReencode(byte[] message, out PeerProtocolError error, out object? decoded)
    {
        decoded = null;
        if (!PeerMessage.TryReadType(message, out var type, out error))
        {
            return null;
        }

        switch (type)
        {
            case PeerMessageType.Hello when HelloMessage.TryRead(message, out var m, out error):
                decoded = m;
                return Encode(m!.GetSize(), m.Write);
            case PeerMessageType.Have when HaveMessage.TryRead(message, out var m, out error):
                decoded = m;
                return Encode(m.GetSize(), m.Write);
            case PeerMessageType.Bitfield when BitfieldMessage.TryRead(message, out var m, out error):
                decoded = m;
                return Encode(m!.GetSize(), m.Write);
            case PeerMessageType.Request when RequestMessage.TryRead(message, out var m, out error):
                decoded = m;
                return Encode(m.GetSize(), m.Write);
            case PeerMessageType.Data when DataMessage.TryRead(message, out var m, out var payload, out error):
                decoded = (m, payload.ToArray());
                var bytes = new byte[DataMessage.GetSize(payload.Length)];
                m.Write(bytes, payload);
                return bytes;
            case PeerMessageType.Cancel when CancelMessage.TryRead(message, out var m, out error):
                decoded = m;
                return Encode(m.GetSize(), m.Write);
            case PeerMessageType.Absent when AbsentMessage.TryRead(message, out var m, out error):
                decoded = m;
                return Encode(m.GetSize(), m.Write);
            case PeerMessageType.Choke or PeerMessageType.Unchoke when PeerMessage.TryReadEmpty(message, type, out error):
                decoded = type;
                var one = new byte[1];
                PeerMessage.WriteEmpty(one, type);
                return one;
            default:
                return null;
        }
    }

    private static byte[] Encode(int size, SpanWriter write)
    {
        var bytes = new byte[size];
        Assert.Equal(size, write(bytes));
        return bytes;
    }

    private delegate int SpanWriter(Span<byte> destination);
}
