using System.Text.Encodings.Web;
using Microsoft.Extensions.FileProviders;

namespace StreamSwarm.Server.Pages;

/// <summary>The static HTML pages of wwwroot, served as they are or with a stream's oEmbed discovery link.</summary>
internal static class WwwrootPage
{
    private const string HeadEnd = "</head>";

    /// <summary>The page as it is; a 500 that says what to build when the web bundle is missing.</summary>
    public static IResult Serve(IFileProvider files, string name) =>
        Find(files, name, out var path, out var missing) ? Results.File(path, "text/html; charset=utf-8") : missing;

    /// <summary>
    /// The page with an oEmbed discovery link (oembed.com §4) in its head, so a CMS given the page's
    /// URL finds the embed on its own.
    /// </summary>
    public static async Task<IResult> ServeWithOEmbedLinkAsync(IFileProvider files, string name, HttpRequest request, string stream, CancellationToken cancellationToken)
    {
        if (!Find(files, name, out var path, out var missing))
        {
            return missing;
        }

        var html = await File.ReadAllTextAsync(path, cancellationToken);
        var at = html.IndexOf(HeadEnd, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return Results.Content(html, "text/html; charset=utf-8");
        }

        var baseUrl = $"{request.Scheme}://{request.Host.Value}";
        var page = $"{baseUrl}/watch/{stream}";
        var href = $"{baseUrl}/oembed?url={Uri.EscapeDataString(page)}&format=json";
        var link = $"  <link rel=\"alternate\" type=\"application/json+oembed\" href=\"{HtmlEncoder.Default.Encode(href)}\" title=\"{HtmlEncoder.Default.Encode(stream + " — live on StreamSwarm")}\">\n";
        return Results.Content(string.Concat(html.AsSpan(0, at), link, html.AsSpan(at)), "text/html; charset=utf-8");
    }

    private static bool Find(IFileProvider files, string name, out string path, out IResult missing)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists || file.PhysicalPath is null)
        {
            path = string.Empty;
            missing = Results.Problem(detail: $"{name} is missing from wwwroot: build the web bundle (cd web && npm ci && npm run build).", statusCode: StatusCodes.Status500InternalServerError);
            return false;
        }

        path = file.PhysicalPath;
        missing = Results.Empty;
        return true;
    }
}
