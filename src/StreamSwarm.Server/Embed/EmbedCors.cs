using StreamSwarm.Server.Swarm;

namespace StreamSwarm.Server.Embed;

/// <summary>
/// Lets players on other sites reach the swarm hub: SignalR's negotiate is a cross-origin POST with
/// custom headers (a preflight), so the hub's paths answer any origin, without credentials (the hub
/// uses no cookies; players connect with <c>withCredentials: false</c>). WebSockets are not subject
/// to CORS. The player's own files under <c>/dist/</c> get the origin's GET-only policy, so a page
/// may load them as modules (<c>import</c>) or with <c>crossorigin</c>.
/// </summary>
public static class EmbedCors
{
    public const string HubPolicy = "hub";

    public static IServiceCollection AddHubCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(HubPolicy, p => p.AllowAnyOrigin().AllowAnyHeader().WithMethods("GET", "POST", "DELETE")));

    /// <summary>
    /// Applies <see cref="HubPolicy"/> to every request under the hub's path (negotiate, long
    /// polling, SSE) and <paramref name="getPolicy"/> to the static bundles under <c>/dist/</c>.
    /// </summary>
    public static IApplicationBuilder UseEmbedCors(this IApplicationBuilder app, string getPolicy)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(SwarmHub.Path, StringComparison.OrdinalIgnoreCase), b => b.UseCors(HubPolicy));
        return app.UseWhen(c => c.Request.Path.StartsWithSegments("/dist", StringComparison.Ordinal), b => b.UseCors(getPolicy));
    }
}
