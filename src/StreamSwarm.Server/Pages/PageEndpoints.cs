using Microsoft.Extensions.FileProviders;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Pages;

/// <summary><c>/</c> lists live streams and <c>/watch/{stream}</c> plays one; both are static pages from wwwroot that read the API.</summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (IWebHostEnvironment env) => Page(env.WebRootFileProvider, "index.html"));
        endpoints.MapGet("/watch/{stream}", (string stream, IWebHostEnvironment env) =>
            MediaNames.IsValid(stream)
                ? Page(env.WebRootFileProvider, "watch.html")
                : Results.Problem(detail: MediaNames.Describe(stream, "Stream"), statusCode: StatusCodes.Status404NotFound));
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        return endpoints;
    }

    private static IResult Page(IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return Results.Problem(detail: $"{name} is missing from wwwroot: build the web bundle (cd web && npm ci && npm run build).", statusCode: StatusCodes.Status500InternalServerError);
        }

        return Results.File(file.PhysicalPath, "text/html; charset=utf-8");
    }
}
