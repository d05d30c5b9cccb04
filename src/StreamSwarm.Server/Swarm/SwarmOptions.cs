using Microsoft.Extensions.Options;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>Configuration section <c>StreamSwarm:Swarm</c>. Every default is stated here and only here.</summary>
public sealed class SwarmOptions
{
    public const string Section = "StreamSwarm:Swarm";

    /// <summary>Most origin fetchers assigned for one part, whatever the swarm's size.</summary>
    public const int MaxFetchersPerPart = 8;

    /// <summary>ICE servers handed to viewers. By default none: host candidates only.</summary>
    public List<IceServer> IceServers { get; set; } = [];

    /// <summary><c>all</c> or <c>relay</c>. By default <c>all</c>.</summary>
    public string IceTransportPolicy { get; set; } = "all";

    /// <summary>Most neighbours suggested in one answer. By default 8.</summary>
    public int MaxSuggestions { get; set; } = 8;

    /// <summary>Signals and stats reports per second per connection, sustained. By default 40.</summary>
    public int SignalsPerSecond { get; set; } = 40;

    /// <summary>Signals a connection may send in a burst. By default 80.</summary>
    public int SignalBurst { get; set; } = 80;

    /// <summary>Largest offer or answer SDP in bytes. By default 16384.</summary>
    public int MaxSdpBytes { get; set; } = 16 * 1024;

    /// <summary>Largest ICE candidate (or bye reason) in bytes. By default 2048.</summary>
    public int MaxCandidateBytes { get; set; } = 2 * 1024;

    /// <summary>Hashes kept per stream for joiners (all renditions). By default 2000, about 4 minutes of 0.5 s parts at 4 renditions.</summary>
    public int HashesKept { get; set; } = 2000;

    /// <summary>
    /// Distinct peers that must report a peer (ReportBadPeer) before the hub stops suggesting it.
    /// One report is not enough: a malicious peer could otherwise get honest ones shunned. By default 2.
    /// </summary>
    public int BadPeerReportsToShun { get; set; } = 2;

    /// <summary>
    /// Viewers per origin fetcher: for each part the hub assigns <c>ceil(viewers / this)</c> peers, at
    /// least 1 and at most <see cref="MaxFetchersPerPart"/>, to fetch it from the origin for the whole
    /// swarm (docs/signalling.md, "Origin fetchers"). 0 turns assignment off: no <c>fetchers</c> are
    /// pushed and viewers elect within their neighbourhoods. By default 16: in the swarm bench (16
    /// viewers without video on 2 cores, docs/benchmarks.md) it offloaded 0.928–0.933 with continuity
    /// 1.0000 in three runs, against 0.799–0.871 for the neighbourhood election alone.
    /// </summary>
    public int ViewersPerFetcher { get; set; } = 16;

    /// <summary>How long a suggested peer counts one extra pending neighbour, so joiners spread out. By default 10 s.</summary>
    public TimeSpan SuggestionHold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A suggestion this old when the suggested peer reports its stats is taken to be in that report
    /// (connected, or failed) and stops holding a place. By default 3 s: an ICE + DTLS + SCTP set-up
    /// through a relay takes 0.2–1.5 s here, and viewers report every 2 s.
    /// </summary>
    public TimeSpan SuggestionSettle { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>Checks <see cref="SwarmOptions"/> at start so a bad config file stops the server with a clear message.</summary>
public sealed class SwarmOptionsValidator : IValidateOptions<SwarmOptions>
{
    public ValidateOptionsResult Validate(string? name, SwarmOptions options)
    {
        var errors = new List<string>();
        if (options.IceTransportPolicy is not ("all" or "relay"))
        {
            errors.Add($"{SwarmOptions.Section}:IceTransportPolicy must be 'all' or 'relay', not '{options.IceTransportPolicy}'.");
        }

        foreach (var server in options.IceServers)
        {
            if (server.Urls is null || server.Urls.Count == 0)
            {
                errors.Add($"{SwarmOptions.Section}:IceServers: every entry needs at least one url.");
                continue;
            }

            foreach (var url in server.Urls)
            {
                if (url is null || !(url.StartsWith("stun:", StringComparison.Ordinal) || url.StartsWith("turn:", StringComparison.Ordinal) || url.StartsWith("turns:", StringComparison.Ordinal)))
                {
                    errors.Add($"{SwarmOptions.Section}:IceServers: '{url}' is not a stun:, turn: or turns: url.");
                }
            }
        }

        if (options.IceTransportPolicy == "relay" && !options.IceServers.Exists(s => s.Urls?.Any(u => u?.StartsWith("turn", StringComparison.Ordinal) == true) == true))
        {
            errors.Add($"{SwarmOptions.Section}:IceTransportPolicy 'relay' needs a turn: server in IceServers.");
        }

        Check(errors, options.MaxSuggestions, 1, 16, nameof(options.MaxSuggestions));
        Check(errors, options.SignalsPerSecond, 1, 10_000, nameof(options.SignalsPerSecond));
        Check(errors, options.SignalBurst, 1, 100_000, nameof(options.SignalBurst));
        Check(errors, options.MaxSdpBytes, 1024, 1024 * 1024, nameof(options.MaxSdpBytes));
        Check(errors, options.MaxCandidateBytes, 256, 64 * 1024, nameof(options.MaxCandidateBytes));
        Check(errors, options.HashesKept, 10, 1_000_000, nameof(options.HashesKept));
        Check(errors, options.BadPeerReportsToShun, 1, 1000, nameof(options.BadPeerReportsToShun));
        Check(errors, options.ViewersPerFetcher, 0, 100_000, nameof(options.ViewersPerFetcher));
        if (options.SuggestionSettle < TimeSpan.Zero)
        {
            errors.Add($"{SwarmOptions.Section}:SuggestionSettle cannot be negative.");
        }

        if (options.SuggestionHold < TimeSpan.Zero)
        {
            errors.Add($"{SwarmOptions.Section}:SuggestionHold cannot be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            errors.Add($"{SwarmOptions.Section}:{name} must be {min}-{max}, not {value}.");
        }
    }
}
