using System.Security.Cryptography;
using System.Text;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>Keys for MESSAGE-INTEGRITY (RFC 8489 §9).</summary>
public static class StunCredentials
{
    /// <summary>
    /// Short-term key (RFC 8489 §9.1.1): the password bytes (OpaqueString-processed; ICE
    /// passwords are ASCII from the ice-char set, so UTF-8 is the identity here).
    /// </summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// Long-term key (RFC 8489 §9.2.2, MD5 algorithm): <c>MD5(username ":" OpaqueString(realm) ":"
    /// OpaqueString(password))</c>. The caller passes an already-prepared password (SASLprep /
    /// OpaqueString normalisation is not applied here; TURN credentials are configured, not typed).
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string password)
    {
        byte[] input = Encoding.UTF8.GetBytes($"{username}:{realm}:{password}");
        return MD5.HashData(input);
    }
}
