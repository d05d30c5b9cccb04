using Microsoft.Net.Http.Headers;
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
        // The CORS middleware answers only requests that carry Origin. A same-origin load (the
        // watch page, the /embed iframe) would then put a copy without the header into the
        // browser's cache, which is shared across ports of one site, or into a CDN, and a player on
        // another origin reusing that copy is refused. A static '*' is safe for every cache.
        app.Use((context, next) =>
        {
            var request = context.Request;
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && IsPublicRead(request.Path))
            {
                var headers = context.Response.Headers;
                context.Response.OnStarting(() =>
                {
                    if (!headers.ContainsKey(HeaderNames.AccessControlAllowOrigin))
                    {
                        headers.AccessControlAllowOrigin = "*";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

        app.UseWhen(c => c.Request.Path.StartsWithSegments(SwarmHub.Path, StringComparison.OrdinalIgnoreCase), b => b.UseCors(HubPolicy));
        return app.UseWhen(c => c.Request.Path.StartsWithSegments("/dist", StringComparison.Ordinal), b => b.UseCors(getPolicy));
    }

    private static bool IsPublicRead(PathString path) =>
        path.StartsWithSegments("/live", StringComparison.Ordinal)
        || path.StartsWithSegments("/dist", StringComparison.Ordinal)
        || path.StartsWithSegments("/api/streams", StringComparison.Ordinal)
        || path.StartsWithSegments("/oembed", StringComparison.Ordinal);
}
