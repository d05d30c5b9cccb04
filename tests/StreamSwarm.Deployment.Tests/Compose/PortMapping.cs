using System.Globalization;

namespace StreamSwarm.Deployment.Tests.Compose;

/// <summary>An inclusive range of TCP/UDP ports; a single port is a range of one.</summary>
public readonly record struct PortRange(int Start, int End)
{
    public int Count => End - Start + 1;

    public bool Contains(int port) => port >= Start && port <= End;

    /// <summary>Parses <c>8080</c> or <c>8000-8010</c>; every port 1–65535, start ≤ end.</summary>
    public static PortRange Parse(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var start = ParsePort(dash < 0 ? text : text[..dash], what);
        var end = dash < 0 ? start : ParsePort(text[(dash + 1)..], what);
        if (end < start)
        {
            throw new FormatException($"{what} range '{text}' ends before it starts.");
        }

        return new PortRange(start, end);
    }

    public override string ToString() => Start == End
        ? Start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");

    private static int ParsePort(string text, string what)
    {
        if (text.Length == 0 || text.Length > 5 || !text.All(char.IsAsciiDigit))
        {
            throw new FormatException($"{what} '{text}' is not a port number.");
        }

        var port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (port is < 1 or > 65535)
        {
            throw new FormatException($"{what} {port} is outside 1-65535.");
        }

        return port;
    }
}

/// <summary>
/// One entry of a compose service's <c>ports</c> (compose-spec "ports"): short syntax
/// <c>[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]</c> (IPv6 host addresses in brackets), or the
/// long syntax mapping with <c>target</c>, <c>published</c>, <c>host_ip</c>, <c>protocol</c>.
/// </summary>
public sealed record PortMapping(string? HostIp, PortRange? Published, PortRange Target, string Protocol)
{
    public static PortMapping ParseShort(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spec = text.Trim();
        var protocol = "tcp";
        var slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = ParseProtocol(spec[(slash + 1)..]);
            spec = spec[..slash];
        }

        string? hostIp = null;
        if (spec.StartsWith('['))
        {
            var close = spec.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= spec.Length || spec[close + 1] != ':')
            {
                throw new FormatException($"Port '{text}': bad IPv6 host address.");
            }

            hostIp = spec[1..close];
            spec = spec[(close + 2)..];
        }

        var parts = spec.Split(':');
        switch (parts.Length)
        {
            case 1 when hostIp is null:
                return new PortMapping(null, null, PortRange.Parse(parts[0], "container port"), protocol);
            case 2:
                return Mapping(hostIp, parts[0], parts[1], protocol, text);
            case 3 when hostIp is null:
                return Mapping(parts[0], parts[1], parts[2], protocol, text);
            default:
                throw new FormatException($"Port '{text}' is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL].");
        }
    }

    public static PortMapping FromLong(string? target, string? published, string? hostIp, string? protocol)
    {
        if (string.IsNullOrEmpty(target))
        {
            throw new FormatException("Long-syntax port without 'target'.");
        }

        var mapping = new PortMapping(
            string.IsNullOrEmpty(hostIp) ? null : hostIp,
            string.IsNullOrEmpty(published) ? null : PortRange.Parse(published, "published port"),
            PortRange.Parse(target, "container port"),
            protocol is null ? "tcp" : ParseProtocol(protocol));
        mapping.CheckRanges(target);
        return mapping;
    }

    private static PortMapping Mapping(string? hostIp, string published, string target, string protocol, string text)
    {
        var mapping = new PortMapping(
            string.IsNullOrEmpty(hostIp) ? null : hostIp,
            published.Length == 0 ? null : PortRange.Parse(published, "published port"),
            PortRange.Parse(target, "container port"),
            protocol);
        mapping.CheckRanges(text);
        return mapping;
    }

    private void CheckRanges(string text)
    {
        // Compose maps a published range onto a target range of the same size, or a range onto one port.
        if (Published is { } p && p.Count != Target.Count && Target.Count != 1)
        {
            throw new FormatException($"Port '{text}': published range {p} and container range {Target} differ in size.");
        }
    }

    private static string ParseProtocol(string protocol) => protocol.ToUpperInvariant() switch
    {
        "TCP" => "tcp",
        "UDP" => "udp",
        "SCTP" => "sctp",
        _ => throw new FormatException($"Unknown port protocol '{protocol}'."),
    };
}
