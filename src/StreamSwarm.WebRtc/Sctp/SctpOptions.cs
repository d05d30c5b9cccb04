namespace StreamSwarm.WebRtc.Sctp;

/// <summary>Settings of one SCTP association; each property states its default. Validated by the constructor.</summary>
public sealed record SctpOptions
{
    /// <summary>Our port (<c>a=sctp-port</c>). Default 5000.</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>The peer's port. Default 5000.</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>Largest SCTP packet handed to DTLS, 256–65535 bytes. Default 1191 (dcSCTP's value).</summary>
    public int MaxPacketSize { get; init; } = 1191;

    /// <summary>Largest user message accepted by <see cref="SctpAssociation.Send"/>. Default 262144 (256 KiB).</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Receive window announced as a_rwnd, also the reassembly memory limit. Default 1 MiB.</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;

    /// <summary>RTO before any RTT sample. Default 500 ms.</summary>
    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Lower bound of the computed RTO. Default 200 ms.</summary>
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of the computed RTO and of timer backoff (Chrome caps backoff at 3 s). Default 3 s.</summary>
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Delayed SACK timeout (pion/sctp#62: 200 ms hurt throughput). Default 20 ms.</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Idle time before a HEARTBEAT is sent. Default 30 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>INIT / COOKIE ECHO / SHUTDOWN retransmissions before giving up. Default 8.</summary>
    public int MaxInitRetransmits { get; init; } = 8;

    /// <summary>Consecutive T3-rtx expiries before aborting; null never aborts (like Chrome). Default null.</summary>
    public int? MaxDataRetransmits { get; init; }

    /// <summary>How long a State Cookie stays valid. Default 60 s.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Fixed initial TSN for tests of wrap-around; random (RFC 9260 §5.3.1) when null.</summary>
    internal uint? InitialTsn { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value outside its range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPacketSize, 256, nameof(MaxPacketSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPacketSize, 65535, nameof(MaxPacketSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 1, nameof(MaxMessageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveWindow, 1500, nameof(ReceiveWindow));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RtoMin, TimeSpan.Zero, nameof(RtoMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtoMax, RtoMin, nameof(RtoMax));
        ArgumentOutOfRangeException.ThrowIfLessThan(RtoInitial, RtoMin, nameof(RtoInitial));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DelayedAckTimeout, TimeSpan.Zero, nameof(DelayedAckTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInitRetransmits, 0, nameof(MaxInitRetransmits));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CookieLifetime, TimeSpan.Zero, nameof(CookieLifetime));
        if (MaxDataRetransmits is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDataRetransmits));
        }
    }
}

/// <summary>Association states (RFC 9260 §4). <see cref="Closed"/> is also the state before <c>StartAsync</c>.</summary>
public enum SctpAssociationState
{
    Closed = 0,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,
}

/// <summary>The association failed: aborted (by us or the peer), timed out, or was disposed.</summary>
public sealed class SctpAssociationException : Exception
{
    public SctpAssociationException()
    {
    }

    public SctpAssociationException(string message)
        : base(message)
    {
    }

    public SctpAssociationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
