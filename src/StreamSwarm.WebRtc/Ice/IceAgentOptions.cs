using System.Net;
using StreamSwarm.WebRtc.Ice.Turn;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>
/// Options of one <see cref="IceAgent"/>. Every default is stated and lives here; units are in
/// the names. Validated when the agent is created.
/// </summary>
public sealed record IceAgentOptions
{
    /// <summary>
    /// Explicit host addresses to bind, one UDP socket each. Default null: every up, non-loopback
    /// unicast address of every interface (IPv6 link-local excluded).
    /// </summary>
    public IReadOnlyList<IPAddress>? HostAddresses { get; init; }

    /// <summary>Bind only 127.0.0.1 (and ::1 when <see cref="EnableIPv6"/>); for tests. Default false.</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>Gather IPv4 host candidates. Default true.</summary>
    public bool EnableIPv4 { get; init; } = true;

    /// <summary>Gather IPv6 host candidates. Default true.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>STUN servers for server-reflexive candidates (RFC 8445 §5.1.1.2). Default none.</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>TURN servers for relayed candidates (RFC 8656). Default none.</summary>
    public IReadOnlyList<TurnServerOptions> TurnServers { get; init; } = [];

    /// <summary>Candidate policy. Default <see cref="IceTransportPolicy.All"/>.</summary>
    public IceTransportPolicy TransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>Pacing interval Ta between new checks (RFC 8445 §14.2). Default 50 ms.</summary>
    public int CheckIntervalMs { get; init; } = 50;

    /// <summary>First retransmission timeout of a check; doubles per retransmission. Default 250 ms.</summary>
    public int CheckInitialRtoMs { get; init; } = 250;

    /// <summary>Cap of the doubling retransmission timeout. Default 1600 ms.</summary>
    public int CheckMaxRtoMs { get; init; } = 1600;

    /// <summary>Transmissions of one check before its pair fails (RFC 8489 Rc). Default 7.</summary>
    public int CheckMaxTransmissions { get; init; } = 7;

    /// <summary>
    /// Controlling agent: how long after the first valid pair to wait for a better pair still
    /// being checked before nominating the best valid one. Default 100 ms ("nominate promptly").
    /// </summary>
    public int NominationDelayMs { get; init; } = 100;

    /// <summary>Mean interval of consent checks (RFC 7675 §5.1: randomised 0.8–1.2 ×). Default 5000 ms (so 4–6 s).</summary>
    public int ConsentIntervalMs { get; init; } = 5000;

    /// <summary>Consent expires without any response for this long (RFC 7675 §5.1). Default 30000 ms.</summary>
    public int ConsentTimeoutMs { get; init; } = 30000;

    /// <summary>Selected pair silent (no response nor request) for this long → Disconnected. Default 10000 ms.</summary>
    public int DisconnectedTimeoutMs { get; init; } = 10000;

    /// <summary>With no pair left to check and none valid for this long, the agent fails. Default 15000 ms.</summary>
    public int CheckingTimeoutMs { get; init; } = 15000;

    /// <summary>How long gathering waits for STUN and TURN servers. Default 5000 ms.</summary>
    public int GatherTimeoutMs { get; init; } = 5000;

    /// <summary>Datagrams for the layer above kept while no receiver is set. Default 64.</summary>
    public int MaxBufferedDatagrams { get; init; } = 64;

    /// <summary>Largest datagram the layer above may send (<see cref="Transport.IDatagramTransport.MaxDatagramSize"/>). Default 1200.</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Throws <see cref="ArgumentException"/> on an inconsistent option.</summary>
    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentException($"{name} must be positive.", name);
            }
        }

        Positive(CheckIntervalMs, nameof(CheckIntervalMs));
        Positive(CheckInitialRtoMs, nameof(CheckInitialRtoMs));
        Positive(CheckMaxRtoMs, nameof(CheckMaxRtoMs));
        Positive(CheckMaxTransmissions, nameof(CheckMaxTransmissions));
        Positive(ConsentIntervalMs, nameof(ConsentIntervalMs));
        Positive(ConsentTimeoutMs, nameof(ConsentTimeoutMs));
        Positive(DisconnectedTimeoutMs, nameof(DisconnectedTimeoutMs));
        Positive(CheckingTimeoutMs, nameof(CheckingTimeoutMs));
        Positive(GatherTimeoutMs, nameof(GatherTimeoutMs));
        Positive(MaxBufferedDatagrams, nameof(MaxBufferedDatagrams));
        if (MaxDatagramSize is < 576 or > 65000)
        {
            throw new ArgumentException("MaxDatagramSize must be 576–65000.", nameof(MaxDatagramSize));
        }

        if (!EnableIPv4 && !EnableIPv6)
        {
            throw new ArgumentException("Enable IPv4, IPv6 or both.", nameof(EnableIPv4));
        }

        if (TransportPolicy == IceTransportPolicy.Relay && TurnServers.Count == 0)
        {
            throw new ArgumentException("Relay policy needs a TURN server.", nameof(TransportPolicy));
        }
    }
}
