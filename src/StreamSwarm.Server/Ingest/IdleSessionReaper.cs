using Microsoft.Extensions.Options;
using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Swarm;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Ingest;

/// <summary>Ends sessions whose broadcaster stopped uploading without saying so (crash, network loss): their playlists get ENDLIST.</summary>
public sealed partial class IdleSessionReaper(WindowStore store, SwarmNotices notices, IOptions<IngestOptions> options, TimeProvider time, ILogger<IdleSessionReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromSeconds(options.Value.SessionIdleTimeoutSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Min(1, idle.TotalSeconds / 2)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var ended in store.EndIdleSessions(idle))
            {
                LogIdle(ended.Name, ended.SessionId, idle.TotalSeconds);
                await notices.StreamEndedAsync(ended.Name, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {Stream} ended: session {SessionId} sent nothing for {IdleSeconds} s")]
    private partial void LogIdle(string stream, string sessionId, double idleSeconds);
}
