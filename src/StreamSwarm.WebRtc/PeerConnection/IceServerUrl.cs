using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>A parsed <c>stun:</c>/<c>turn:</c> URL (RFC 7064 §3.1, RFC 7065 §3.1). Only UDP is supported.</summary>
/// <param name="IsTurn">TURN rather than STUN.</param>
/// <param name="Host">Host name or address literal (IPv6 without brackets).</param>
/// <param name="Port">Port, 3478 by default.</param>
public sealed record IceServerUrl(bool IsTurn, string Host, int Port)
{
    /// <summary>Default STUN/TURN port (RFC 8489 §18.6).</summary>
    public const int DefaultPort = 3478;

    /// <summary>Parses; false for other schemes, TLS (<c>stuns:</c>/<c>turns:</c>) or <c>transport=tcp</c>.</summary>
    public static bool TryParse(string url, [NotNullWhen(true)] out IceServerUrl? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        var scheme = url[..colon].ToLowerInvariant();
        if (scheme is not ("stun" or "turn"))
        {
            return false;
        }

        var rest = url[(colon + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var q = rest[(query + 1)..].ToLowerInvariant();
            rest = rest[..query];
            if (q.Contains("transport=tcp", StringComparison.Ordinal))
            {
                return false;
            }
        }

        string host;
        var port = DefaultPort;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.StartsWith(':') && !int.TryParse(rest[1..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                return false;
            }
        }
        else
        {
            var portColon = rest.LastIndexOf(':');
            host = portColon < 0 ? rest : rest[..portColon];
            if (portColon >= 0 && !int.TryParse(rest[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                return false;
            }
        }

        if (host.Length == 0 || port is 0 or > 65535)
        {
            return false;
        }

        parsed = new IceServerUrl(scheme == "turn", host, port);
        return true;
    }

    /// <summary>Resolves the host to an endpoint (IPv4 preferred); null when it does not resolve.</summary>
    public async Task<IPEndPoint?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var literal))
        {
            return new IPEndPoint(literal, Port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
            var chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? (addresses.Length > 0 ? addresses[0] : null);
            return chosen is null ? null : new IPEndPoint(chosen, Port);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
