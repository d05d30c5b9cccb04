using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>
/// <c>/hubs/swarm</c>: introduces the viewers of one stream to each other, relays their WebRTC
/// signalling, and gathers their stats (docs/signalling.md). Every argument is checked; a bad one
/// is refused with a <see cref="HubException"/> whose message says what is wrong, and the
/// connection stays up.
/// </summary>
public sealed partial class SwarmHub(
    SwarmRegistry registry,
    PartHashFeed hashes,
    ILiveStreamDirectory streams,
    IOptions<SwarmOptions> options,
    ILogger<SwarmHub> logger) : Hub
{
    public const string Path = "/hubs/swarm";
    private const int MaxUploadKbps = 1_000_000;
    private const int MaxNeighbours = 16;
    private const int MaxReasonLength = 200;

    public static string GroupOf(string stream) => "swarm:" + stream;

    public async Task<JoinResult> Join(JoinRequest? request)
    {
        if (request is null)
        {
            throw new HubException("Join needs { stream, uploadKbps, maxNeighbours }.");
        }

        if (MediaNames.Describe(request.Stream, "Stream") is { } badName)
        {
            throw new HubException(badName);
        }

        if (request.UploadKbps is < 0 or > MaxUploadKbps)
        {
            throw new HubException($"uploadKbps must be 0-{MaxUploadKbps}, not {request.UploadKbps}.");
        }

        if (request.MaxNeighbours is < 1 or > MaxNeighbours)
        {
            throw new HubException($"maxNeighbours must be 1-{MaxNeighbours}, not {request.MaxNeighbours}.");
        }

        var stream = request.Stream!;
        if (!streams.TryGetLiveRenditions(stream, out var renditions))
        {
            throw new HubException($"Stream '{stream}' is not live.");
        }

        var peer = registry.Join(Context.ConnectionId, stream, request.UploadKbps, request.MaxNeighbours)
            ?? throw new HubException("This connection already joined a swarm; call Leave first.");

        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(stream), Context.ConnectionAborted);
        var o = options.Value;
        LogJoined(peer.PeerId, stream, request.UploadKbps);
        return new JoinResult(
            peer.PeerId,
            registry.Suggest(peer, request.MaxNeighbours),
            o.IceServers,
            o.IceTransportPolicy,
            hashes.Recent(stream),
            renditions);
    }

    public Task Leave() => LeaveAsync(Context.ConnectionId);

    public async Task Signal(SignalRequest? request)
    {
        var sender = Joined();
        if (request is null || string.IsNullOrEmpty(request.To) || request.Payload is null)
        {
            throw new HubException("Signal needs { to, kind, payload }.");
        }

        var limit = request.Kind switch
        {
            "offer" or "answer" => options.Value.MaxSdpBytes,
            "candidate" or "bye" => options.Value.MaxCandidateBytes,
            _ => throw new HubException($"Signal kind must be offer, answer, candidate or bye, not '{request.Kind}'."),
        };

        if (Encoding.UTF8.GetByteCount(request.Payload) > limit)
        {
            throw new HubException($"A {request.Kind} signal is at most {limit} bytes.");
        }

        if (!sender.Limiter.TryAcquire())
        {
            throw new HubException($"Too many signals: at most {options.Value.SignalsPerSecond} a second.");
        }

        var target = registry.FindInSwarmOf(sender, request.To)
            ?? throw new HubException($"Peer '{request.To}' is not in this swarm.");

        await Clients.Client(target.ConnectionId).SendAsync("Signal", new SignalEnvelope(sender.PeerId, request.Kind!, request.Payload), Context.ConnectionAborted);
    }

    public IReadOnlyList<PeerInfo> RequestNeighbours(int count)
    {
        var peer = Joined();
        if (count is < 1 or > MaxNeighbours)
        {
            throw new HubException($"count must be 1-{MaxNeighbours}, not {count}.");
        }

        return registry.Suggest(peer, count);
    }

    public void ReportStats(StatsReport? report)
    {
        var peer = Joined();
        if (report is null || !report.IsValid())
        {
            throw new HubException("Stats must be finite, non-negative numbers.");
        }

        if (!report.HasValidRendition())
        {
            throw new HubException($"rendition must be 1-{StatsReport.MaxRenditionLength} characters of a-z, A-Z, 0-9, '_' or '-'.");
        }

        if (!peer.Limiter.TryAcquire())
        {
            throw new HubException($"Too many messages: at most {options.Value.SignalsPerSecond} signals and reports a second.");
        }

        registry.RecordStats(peer, report);
    }

    public void ReportBadPeer(BadPeerReport? report)
    {
        var peer = Joined();
        if (report is null || string.IsNullOrEmpty(report.PeerId))
        {
            throw new HubException("ReportBadPeer needs { peerId, reason }.");
        }

        if (report.Reason is { Length: > MaxReasonLength })
        {
            throw new HubException($"reason is at most {MaxReasonLength} characters.");
        }

        var bad = registry.RecordBadPeer(peer, report.PeerId);
        LogBadPeer(peer.PeerId, report.PeerId, bad is not null, report.Reason ?? string.Empty, peer.Stream);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await LeaveAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private async Task LeaveAsync(string connectionId)
    {
        if (registry.Leave(connectionId) is not { } peer)
        {
            return;
        }

        await Groups.RemoveFromGroupAsync(connectionId, GroupOf(peer.Stream));
        await Clients.Group(GroupOf(peer.Stream)).SendAsync("PeerLeft", peer.PeerId);
        LogLeft(peer.PeerId, peer.Stream);
    }

    private SwarmPeer Joined() =>
        registry.FindByConnection(Context.ConnectionId) ?? throw new HubException("Join a swarm first.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {PeerId} joined {Stream} with {UploadKbps} kbit/s upload")]
    private partial void LogJoined(string peerId, string stream, long uploadKbps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {PeerId} left {Stream}")]
    private partial void LogLeft(string peerId, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {ReporterId} reports {PeerId} (in swarm: {InSwarm}) in {Stream}: {Reason}")]
    private partial void LogBadPeer(string reporterId, string peerId, bool inSwarm, string reason, string stream);
}
