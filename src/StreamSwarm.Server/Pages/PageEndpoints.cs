using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Pages;

/// <summary><c>/</c> lists live streams and <c>/watch/{stream}</c> plays one; both are static pages from wwwroot that read the API.</summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (IWebHostEnvironment env) => WwwrootPage.Serve(env.WebRootFileProvider, "index.html"));
        endpoints.MapGet("/watch/{stream}", async (string stream, IWebHostEnvironment env, HttpRequest request, CancellationToken cancellationToken) =>
            MediaNames.IsValid(stream)
                ? await WwwrootPage.ServeWithOEmbedLinkAsync(env.WebRootFileProvider, "watch.html", request, stream, cancellationToken)
                : Results.Problem(detail: MediaNames.Describe(stream, "Stream"), statusCode: StatusCodes.Status404NotFound));
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        return endpoints;
    }
}
