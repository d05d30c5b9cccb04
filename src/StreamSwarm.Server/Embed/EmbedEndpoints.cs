using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.Extensions.FileProviders;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Origin;
using StreamSwarm.Server.Pages;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Embed;

/// <summary>
/// Embedding a stream in other sites (docs/embed.md): the iframe page <c>/embed/{stream}</c>, the
/// oEmbed endpoint <c>/oembed</c> that turns a watch URL into that iframe, and the how-to page
/// <c>/docs/embed</c>. The element itself is the static <c>/dist/stream-swarm-player.js</c>.
/// </summary>
public static class EmbedEndpoints
{
    /// <summary>How long a consumer may cache an oEmbed answer (the iframe of a stream never changes).</summary>
    private const int CacheAgeSeconds = 3600;

    public static IEndpointRouteBuilder MapEmbed(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/embed/{stream}", (string stream, IWebHostEnvironment env) =>
            MediaNames.IsValid(stream)
                ? WwwrootPage.Serve(env.WebRootFileProvider, "embed.html")
                : Results.Problem(detail: MediaNames.Describe(stream, "Stream"), statusCode: StatusCodes.Status404NotFound));
        endpoints.MapGet("/docs/embed", (IWebHostEnvironment env) => WwwrootPage.Serve(env.WebRootFileProvider, "docs-embed.html"));
        endpoints.MapGet("/oembed", OEmbed).RequireCors(OriginEndpoints.CorsPolicy);
        return endpoints;
    }

    private static IResult OEmbed(HttpContext context, WindowStore store)
    {
        var query = context.Request.Query;
        var format = query["format"].ToString();
        if (format.Length > 0 && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            // oEmbed §2.3.5: 501 when the provider cannot answer in the requested format.
            return Results.Problem(detail: $"Only format=json is served, not '{Truncate(format)}'.", statusCode: StatusCodes.Status501NotImplemented);
        }

        if (!TryDimension(query["maxwidth"], "maxwidth", out var maxWidth, out var widthError))
        {
            return widthError;
        }

        if (!TryDimension(query["maxheight"], "maxheight", out var maxHeight, out var heightError))
        {
            return heightError;
        }

        var url = query["url"].ToString();
        if (!StreamPageUrl.TryParse(url, context.Request.Host.Value ?? string.Empty, out var stream, out var failure))
        {
            return failure == StreamPageUrl.Failure.NotAnHttpUrl
                ? Results.Problem(detail: "url must be the absolute http(s) URL of a stream page, e.g. https://host/watch/demo.", statusCode: StatusCodes.Status400BadRequest)
                : Results.Problem(detail: $"'{Truncate(url)}' is not a stream page of this server (/watch/{{stream}} or /embed/{{stream}}).", statusCode: StatusCodes.Status404NotFound);
        }

        if (store.Find(stream) is null)
        {
            return Results.Problem(detail: $"Stream '{stream}' is unknown here: it has not broadcast recently.", statusCode: StatusCodes.Status404NotFound);
        }

        var (width, height) = OEmbedSize.Fit(maxWidth, maxHeight);
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host.Value}";
        var src = $"{baseUrl}/embed/{stream}";
        var title = $"{stream} — live on StreamSwarm";
        var html = string.Create(CultureInfo.InvariantCulture,
            $"<iframe src=\"{HtmlEncoder.Default.Encode(src)}\" width=\"{width}\" height=\"{height}\" title=\"{HtmlEncoder.Default.Encode(title)}\" allow=\"autoplay; fullscreen; picture-in-picture\" allowfullscreen style=\"border:0\"></iframe>");
        return Results.Json(new OEmbedResponse("1.0", "video", title, "StreamSwarm", baseUrl + "/", html, width, height, CacheAgeSeconds));
    }

    private static bool TryDimension(Microsoft.Extensions.Primitives.StringValues raw, string name, out int? value, out IResult error)
    {
        value = null;
        error = Results.Empty;
        if (raw.Count == 0 || raw.ToString().Length == 0)
        {
            return true;
        }

        if (!int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < OEmbedSize.MinWidth / 2 || parsed > 10_000)
        {
            error = Results.Problem(detail: $"{name} must be a whole number of pixels from {OEmbedSize.MinWidth / 2} to 10000.", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        value = parsed;
        return true;
    }

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
