using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Origin;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>Registers and maps the swarm: the hub, the stats endpoint and the origin's egress counter.</summary>
public static class SwarmEndpoints
{
    public static IServiceCollection AddSwarm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SwarmOptions>().Bind(configuration.GetSection(SwarmOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SwarmOptions>, SwarmOptionsValidator>();
        services.AddSingleton<SwarmRegistry>();
        services.AddSingleton<PartHashFeed>();
        services.AddSingleton<OriginEgressCounter>();
        services.AddSignalR(o =>
        {
            // An offer is at most MaxSdpBytes; JSON framing and escaping stay well within 64 KiB.
            o.MaximumReceiveMessageSize = 64 * 1024;
            o.EnableDetailedErrors = false;
        });
        return services;
    }

    /// <summary>Counts origin media bytes; call before the origin endpoints run.</summary>
    public static IApplicationBuilder UseOriginEgressCounter(this IApplicationBuilder app)
    {
        var counter = app.ApplicationServices.GetRequiredService<OriginEgressCounter>();
        return app.Use((context, next) => counter.CountAsync(context, next));
    }

    public static IEndpointRouteBuilder MapSwarm(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<SwarmHub>(SwarmHub.Path);
        endpoints.MapGet("/api/streams/{stream}/swarm", (string stream, SwarmRegistry registry, OriginEgressCounter egress) =>
        {
            if (!MediaNames.IsValid(stream))
            {
                return Results.Problem(MediaNames.Describe(stream, "Stream"), statusCode: StatusCodes.Status400BadRequest);
            }

            var (peers, t, latency) = registry.Aggregate(stream);
            var received = t.BytesFromPeers + t.BytesFromOrigin;
            var parts = t.PartsOnTime + t.PartsLate;
            var (badReports, shunned) = registry.BadPeers(stream);
            return Results.Ok(new SwarmStats(
                stream, peers, t.BytesFromPeers, t.BytesFromOrigin, t.BytesToPeers,
                received == 0 ? 0 : t.BytesFromPeers / received,
                parts == 0 ? 1 : t.PartsOnTime / parts,
                t.Stalls, t.StallSeconds, latency, egress.BytesServed(stream), badReports, shunned));
        }).RequireCors(OriginEndpoints.CorsPolicy);
        return endpoints;
    }
}
