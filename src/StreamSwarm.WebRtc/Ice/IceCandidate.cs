using System.Globalization;
using System.Net;
using System.Text;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>
/// An ICE candidate and its SDP form (RFC 8839 §5.1):
/// <code>
/// candidate-attribute   = "candidate" ":" foundation SP component-id SP transport SP priority SP
///                         connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
///                         *(SP cand-extension)
/// cand-type             = "typ" SP ("host" / "srflx" / "prflx" / "relay" / token)
/// rel-addr              = "raddr" SP connection-address
/// rel-port              = "rport" SP port
/// </code>
/// <see cref="Address"/> may be an mDNS name (<c>&lt;uuid&gt;.local</c>, as Chrome hides host
/// addresses); such candidates parse but have no <see cref="EndPoint"/>.
/// </summary>
public sealed record IceCandidate
{
    /// <summary>Type preferences (RFC 8445 §5.1.2.2 recommended values).</summary>
    public const int HostTypePreference = 126;

    /// <summary>Peer-reflexive type preference.</summary>
    public const int PeerReflexiveTypePreference = 110;

    /// <summary>Server-reflexive type preference.</summary>
    public const int ServerReflexiveTypePreference = 100;

    /// <summary>Relayed type preference.</summary>
    public const int RelayedTypePreference = 0;

    /// <summary>Foundation (1–32 ice-chars).</summary>
    public required string Foundation { get; init; }

    /// <summary>Component ID; data channels use 1 only (RTP/RTCP mux is implied by BUNDLE).</summary>
    public int Component { get; init; } = 1;

    /// <summary>Transport, lower case ("udp").</summary>
    public string Protocol { get; init; } = "udp";

    /// <summary>Priority (RFC 8445 §5.1.2).</summary>
    public required uint Priority { get; init; }

    /// <summary>IP literal or host name.</summary>
    public required string Address { get; init; }

    /// <summary>Port.</summary>
    public required int Port { get; init; }

    /// <summary>Type.</summary>
    public required IceCandidateType Type { get; init; }

    /// <summary><c>raddr</c>, or null.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary><c>rport</c>, or null.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>Extension name/value pairs kept in order (generation, ufrag, network-id, network-cost …).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>The address as an IP end point, or null for host names (mDNS).</summary>
    public IPEndPoint? EndPoint =>
        IPAddress.TryParse(Address, out var ip) && Port is > 0 and <= 65535 ? new IPEndPoint(ip, Port) : null;

    /// <summary>Whether <see cref="Address"/> is an mDNS name (RFC 8828 / draft-ietf-mmusic-mdns-ice-candidates).</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>Priority formula of RFC 8445 §5.1.2.1: <c>2^24·type + 2^8·local + (256 − component)</c>.</summary>
    public static uint ComputePriority(int typePreference, int localPreference, int component) =>
        (uint)((typePreference << 24) + (localPreference << 8) + (256 - component));

    /// <summary>The type preference of a candidate type.</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => HostTypePreference,
        IceCandidateType.PeerReflexive => PeerReflexiveTypePreference,
        IceCandidateType.ServerReflexive => ServerReflexiveTypePreference,
        _ => RelayedTypePreference,
    };

    /// <summary>
    /// Parses an SDP candidate, with or without the leading <c>a=</c> and <c>candidate:</c>.
    /// Tolerant: extra whitespace, upper-case transport and unknown extensions are accepted;
    /// false only when a mandatory field is missing or not a number.
    /// </summary>
    public static bool TryParse(string? text, out IceCandidate candidate)
    {
        candidate = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        if (s.StartsWith("a=", StringComparison.Ordinal))
        {
            s = s[2..];
        }

        if (s.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            s = s["candidate:".Length..];
        }

        var tokens = s.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 8 || !string.Equals(tokens[6], "typ", StringComparison.OrdinalIgnoreCase) ||
            !int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component) ||
            !uint.TryParse(tokens[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint priority) ||
            !int.TryParse(tokens[5], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            return false;
        }

        var type = tokens[7].ToLowerInvariant() switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            _ => IceCandidateType.Unknown,
        };

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (int i = 8; i + 1 < tokens.Length; i += 2)
        {
            string name = tokens[i];
            string value = tokens[i + 1];
            if (name == "raddr")
            {
                relatedAddress = value;
            }
            else if (name == "rport" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int rport))
            {
                relatedPort = rport;
            }
            else
            {
                extensions.Add(new(name, value));
            }
        }

        candidate = new IceCandidate
        {
            Foundation = tokens[0],
            Component = component,
            Protocol = tokens[2].ToLowerInvariant(),
            Priority = priority,
            Address = tokens[4],
            Port = port,
            Type = type,
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Extensions = extensions,
        };
        return true;
    }

    /// <summary>The SDP attribute value, <c>candidate:…</c> (without <c>a=</c>).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(128);
        sb.Append(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} {Protocol} {Priority} {Address} {Port} typ ");
        sb.Append(Type switch
        {
            IceCandidateType.Host => "host",
            IceCandidateType.ServerReflexive => "srflx",
            IceCandidateType.PeerReflexive => "prflx",
            IceCandidateType.Relayed => "relay",
            _ => "unknown",
        });
        if (RelatedAddress is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" raddr {RelatedAddress} rport {RelatedPort ?? 0}");
        }

        foreach (var (name, value) in Extensions)
        {
            sb.Append(CultureInfo.InvariantCulture, $" {name} {value}");
        }

        return sb.ToString();
    }
}
