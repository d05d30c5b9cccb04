namespace StreamSwarm.WebRtc.Tests.PeerConnection;

/// <summary>
/// The deterministic message sequence both .NET and the page generate and check: message i has a
/// log-spread size from 1 B to 256 KiB and byte j equal to (i + 31 j) mod 256. Integer-only so
/// JavaScript computes the same sizes (see <see cref="JavaScript"/>).
/// </summary>
internal static class MessagePattern
{
    public const int MaxSize = 256 * 1024;

    public const string JavaScript = """
        window.P = {
          size(i, n) { if (i === 0) return 1; if (i === n - 1) return 262144; const e = i % 19; return Math.min(262144, (1 << e) + ((i * 7919) % (1 << e))); },
          fill(i, len) { const b = new Uint8Array(len); for (let j = 0; j < len; j++) b[j] = (i + j * 31) & 255; return b; },
          check(i, n, data) { const b = new Uint8Array(data); if (b.length !== P.size(i, n)) return false; for (let j = 0; j < b.length; j++) if (b[j] !== ((i + j * 31) & 255)) return false; return true; },
        };
        """;

    public static int Size(int i, int n) => i == 0 ? 1 : i == n - 1 ? MaxSize : Math.Min(MaxSize, (1 << (i % 19)) + ((i * 7919) % (1 << (i % 19))));

    public static byte[] Fill(int i, int n)
    {
        var b = new byte[Size(i, n)];
        for (var j = 0; j < b.Length; j++)
        {
            b[j] = (byte)((i + (j * 31)) & 255);
        }

        return b;
    }

    public static bool Check(int i, int n, ReadOnlySpan<byte> data)
    {
        if (data.Length != Size(i, n))
        {
            return false;
        }

        for (var j = 0; j < data.Length; j++)
        {
            if (data[j] != (byte)((i + (j * 31)) & 255))
            {
                return false;
            }
        }

        return true;
    }

    public static long TotalBytes(int n)
    {
        long total = 0;
        for (var i = 0; i < n; i++)
        {
            total += Size(i, n);
        }

        return total;
    }
}
