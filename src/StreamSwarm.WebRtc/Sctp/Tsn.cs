namespace StreamSwarm.WebRtc.Sctp;

/// <summary>Serial number arithmetic for TSNs (32-bit) and SSNs (16-bit), RFC 9260 §1.6 / RFC 1982.</summary>
internal static class Tsn
{
    public static bool Lt(uint a, uint b) => a != b && (int)(a - b) < 0;

    public static bool Le(uint a, uint b) => a == b || (int)(a - b) < 0;

    public static bool Gt(uint a, uint b) => Lt(b, a);

    public static bool Ge(uint a, uint b) => Le(b, a);

    public static bool SsnLe(ushort a, ushort b) => a == b || (short)(a - b) < 0;
}
