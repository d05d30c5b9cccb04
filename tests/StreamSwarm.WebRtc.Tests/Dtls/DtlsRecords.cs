namespace StreamSwarm.WebRtc.Tests.Dtls;

/// <summary>Reads the DTLS 1.2 record headers of a datagram (RFC 6347 §4.1), for tests that watch a handshake.</summary>
internal static class DtlsRecords
{
    private const int RecordHeader = 13;
    private const byte Handshake = 22;

    /// <summary>Records in the datagram.</summary>
    public static int Count(byte[] datagram)
    {
        var n = 0;
        for (var o = 0; o + RecordHeader <= datagram.Length; o += RecordHeader + Length(datagram, o))
        {
            n++;
        }

        return n;
    }

    /// <summary>The handshake message types of the plaintext (epoch 0) handshake records, in order.</summary>
    public static List<int> HandshakeTypes(byte[] datagram)
    {
        var types = new List<int>();
        for (var o = 0; o + RecordHeader <= datagram.Length; o += RecordHeader + Length(datagram, o))
        {
            var epoch = (datagram[o + 3] << 8) | datagram[o + 4];
            if (datagram[o] == Handshake && epoch == 0 && o + RecordHeader < datagram.Length)
            {
                types.Add(datagram[o + RecordHeader]);
            }
        }

        return types;
    }

    private static int Length(byte[] datagram, int offset) => (datagram[offset + 11] << 8) | datagram[offset + 12];
}
