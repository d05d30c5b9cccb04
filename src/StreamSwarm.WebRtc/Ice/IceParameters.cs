using System.Security.Cryptography;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>
/// ICE credentials (RFC 8445 §5.3, SDP <c>a=ice-ufrag</c>/<c>a=ice-pwd</c>, RFC 8839 §5.4):
/// ice-chars (ALPHA / DIGIT / "+" / "/"), ufrag 4–256 chars, pwd 22–256 chars; Chrome rejects
/// SDP outside those bounds.
/// </summary>
public sealed record IceParameters
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Creates and validates.</summary>
    public IceParameters(string usernameFragment, string password)
    {
        Validate(usernameFragment, 4, nameof(usernameFragment));
        Validate(password, 22, nameof(password));
        UsernameFragment = usernameFragment;
        Password = password;
    }

    /// <summary><c>a=ice-ufrag</c>.</summary>
    public string UsernameFragment { get; }

    /// <summary><c>a=ice-pwd</c>.</summary>
    public string Password { get; }

    /// <summary>Random parameters: 8-char ufrag (48 bits) and 24-char pwd (144 bits, ≥128 per RFC 8445 §5.3).</summary>
    public static IceParameters Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));

    private static void Validate(string value, int min, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length < min || value.Length > 256)
        {
            throw new ArgumentException($"Must be {min}–256 ice-chars.", name);
        }

        foreach (char c in value)
        {
            if (!IceChars.Contains(c, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{c}' is not an ice-char.", name);
            }
        }
    }
}
