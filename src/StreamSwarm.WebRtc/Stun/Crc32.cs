namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// CRC-32 as used by FINGERPRINT (RFC 8489 §14.7 refers to ITU V.42 / ISO 3309: reflected
/// polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF).
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = CreateTable();

    public const uint Initial = 0xFFFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(Initial, data);

    /// <summary>Feeds bytes into a running (not yet inverted) CRC state.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        uint crc = state;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
