using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Api.Admin;

/// <summary>
/// The admin API's bearer token (<c>StreamSwarm:AdminToken</c>). Only its SHA-256 is held, and a
/// presented token is hashed and compared in constant time, so neither the comparison's time nor
/// the token's length leaks what the right token is.
/// </summary>
public sealed class AdminToken
{
    private volatile byte[]? _digest;

    public AdminToken(IOptionsMonitor<KeysOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Load(options.CurrentValue);
        options.OnChange(Load);
    }

    /// <summary>False when no token is configured: the admin API is off.</summary>
    public bool IsConfigured => _digest is not null;

    public bool Verify(string? presented)
    {
        var digest = _digest;
        if (digest is null || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    private void Load(KeysOptions options) =>
        _digest = string.IsNullOrEmpty(options.AdminToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.AdminToken));
}
