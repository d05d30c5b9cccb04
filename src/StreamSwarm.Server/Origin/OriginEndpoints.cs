using System.Globalization;
using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Hls;
using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Origin;

/// <summary>
/// The LL-HLS origin (docs/ingest.md, "Origin"): playlists with blocking reload, init, segments and
/// parts, the preload-hinted part held until it exists. Media URLs never change content within a
/// session, so they are cacheable; playlists are not.
/// </summary>
public static class OriginEndpoints
{
    public const string CorsPolicy = "origin";
    private const string PlaylistType = "application/vnd.apple.mpegurl";
    private const string SegmentType = "video/iso.segment";

    public static IEndpointRouteBuilder MapOrigin(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/live/{stream}").RequireCors(CorsPolicy);
        group.MapMethods("/master.m3u8", ["GET", "HEAD"], Master);
        group.MapMethods("/{rendition}/index.m3u8", ["GET", "HEAD"], MediaPlaylistAsync);
        group.MapMethods("/{rendition}/{file}", ["GET", "HEAD"], MediaAsync);
        return endpoints;
    }

    private static IResult Master(string stream, HttpContext context, WindowStore store)
    {
        if (Live(store, stream) is not { } window)
        {
            return NotFound(stream);
        }

        var text = window.Read(MasterPlaylistWriter.Write);
        if (text is null)
        {
            return Results.Problem(detail: $"Stream '{stream}' has started but sent no init segment yet; retry shortly.", statusCode: StatusCodes.Status404NotFound);
        }

        NoCache(context);
        return Results.Text(text, PlaylistType);
    }

    private static async Task<IResult> MediaPlaylistAsync(string stream, string rendition, HttpContext context, WindowStore store, IOptions<WindowOptions> window, IOptions<OriginOptions> origin)
    {
        if (Live(store, stream) is not { } w || w.Find(rendition) is not { } r)
        {
            return NotFound(stream);
        }

        var query = context.Request.Query;
        if (query.ContainsKey("_HLS_msn") || query.ContainsKey("_HLS_part"))
        {
            if (!TryParseBlocking(query["_HLS_msn"], query["_HLS_part"], out var msn, out var part))
            {
                return Results.Problem(detail: "_HLS_msn must be a whole number and _HLS_part a whole number that comes with it.", statusCode: StatusCodes.Status400BadRequest);
            }

            // RFC 8216bis §6.2.5.2: a request more than two segments ahead of the next one is an error.
            var next = w.Read(_ => MediaPlaylistWriter.NextPart(r)?.Msn ?? 0);
            if (msn > next + 2)
            {
                return Results.Problem(detail: $"_HLS_msn {msn} is too far ahead (the next segment is {next}).", statusCode: StatusCodes.Status400BadRequest);
            }

            var timeout = BlockingTimeout(w, origin.Value);
            if (!await w.WaitForChangeAsync(_ => Holds(r, msn, part), timeout, context.RequestAborted) && !w.Ended)
            {
                return Results.Problem(detail: $"Segment {msn} part {part} did not arrive within {timeout.TotalSeconds:0.#} s.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }

        var text = w.Read(x => MediaPlaylistWriter.Write(x, r, window.Value.PlaylistSegments));
        NoCache(context);
        return Results.Text(text, PlaylistType);
    }

    private static async Task MediaAsync(string stream, string rendition, string file, HttpContext context, WindowStore store, IOptions<OriginOptions> origin)
    {
        if (Live(store, stream) is not { } w || w.Find(rendition) is not { } r || !TryParseFile(file, out var kind, out var msn, out var part))
        {
            await NotFound(stream).ExecuteAsync(context);
            return;
        }

        if (kind == FileKind.Init)
        {
            var init = w.Read(_ => r.Init);
            await WriteAsync(context, init is null ? null : [init], "video/mp4", origin.Value);
            return;
        }

        if (kind == FileKind.Part)
        {
            // The preload-hinted part (the next one) is held until it exists (RFC 8216bis §6.2.5.3).
            var hinted = w.Read(_ => MediaPlaylistWriter.NextPart(r) is var (m, p) && m == msn && p == part);
            if (hinted)
            {
                await w.WaitForChangeAsync(_ => FindPart(r, msn, part) is not null, BlockingTimeout(w, origin.Value), context.RequestAborted);
            }

            var bytes = w.Read(_ => FindPart(r, msn, part)?.Bytes);
            await WriteAsync(context, bytes is null ? null : [bytes], SegmentType, origin.Value);
            return;
        }

        var segment = w.Read(_ => r.Find(msn) is { IsComplete: true } s ? s.Parts.Select(p => p.Bytes).ToList() : null);
        await WriteAsync(context, segment, SegmentType, origin.Value);
    }

    private static async Task WriteAsync(HttpContext context, IReadOnlyList<byte[]>? pieces, string contentType, OriginOptions origin)
    {
        if (pieces is null)
        {
            await Results.Problem(detail: "Not in the window (not produced yet, or already evicted).", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        long length = 0;
        foreach (var p in pieces)
        {
            length += p.Length;
        }

        var response = context.Response;
        response.ContentType = contentType;
        response.ContentLength = length;
        response.Headers.CacheControl = string.Create(CultureInfo.InvariantCulture, $"public, max-age={origin.MediaMaxAgeSeconds}, immutable");
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        foreach (var p in pieces)
        {
            await response.Body.WriteAsync(p, context.RequestAborted);
        }
    }

    private static StoredPart? FindPart(RenditionWindow r, long msn, int part)
    {
        var s = r.Find(msn);
        return s is not null && part < s.Parts.Count ? s.Parts[part] : null;
    }

    /// <summary>The playlist holds segment <paramref name="msn"/> complete, or its part <paramref name="part"/>, or anything later.</summary>
    private static bool Holds(RenditionWindow r, long msn, int? part)
    {
        if (r.Last is not { } last)
        {
            return false;
        }

        if (last.Msn > msn)
        {
            return true;
        }

        if (last.Msn < msn)
        {
            return false;
        }

        return part is { } p ? last.Parts.Count > p || last.IsComplete : last.IsComplete;
    }

    private static TimeSpan BlockingTimeout(StreamWindow w, OriginOptions origin) =>
        TimeSpan.FromSeconds(origin.BlockingTargetDurations * Math.Ceiling(w.TargetSegmentSeconds));

    private static bool TryParseBlocking(string? msnText, string? partText, out long msn, out int? part)
    {
        part = null;
        var inv = CultureInfo.InvariantCulture;
        if (!long.TryParse(msnText, NumberStyles.None, inv, out msn) || msn > PartInfo.MaxMediaSequence)
        {
            return false;
        }

        if (partText is null)
        {
            return true;
        }

        if (!int.TryParse(partText, NumberStyles.None, inv, out var p) || p >= PartInfo.MaxPartsPerSegment)
        {
            return false;
        }

        part = p;
        return true;
    }

    /// <summary><c>init.mp4</c>, <c>{msn}.m4s</c> or <c>{msn}.{part}.m4s</c>.</summary>
    internal static bool TryParseFile(string file, out FileKind kind, out long msn, out int part)
    {
        kind = FileKind.Unknown;
        msn = 0;
        part = 0;
        if (file == "init.mp4")
        {
            kind = FileKind.Init;
            return true;
        }

        if (!file.EndsWith(".m4s", StringComparison.Ordinal))
        {
            return false;
        }

        var name = file.AsSpan(0, file.Length - 4);
        var dot = name.IndexOf('.');
        var inv = CultureInfo.InvariantCulture;
        if (dot < 0)
        {
            kind = FileKind.Segment;
            return long.TryParse(name, NumberStyles.None, inv, out msn) && msn <= PartInfo.MaxMediaSequence;
        }

        kind = FileKind.Part;
        return long.TryParse(name[..dot], NumberStyles.None, inv, out msn) && msn <= PartInfo.MaxMediaSequence
            && int.TryParse(name[(dot + 1)..], NumberStyles.None, inv, out part) && part < PartInfo.MaxPartsPerSegment;
    }

    private static StreamWindow? Live(WindowStore store, string stream) =>
        MediaNames.IsValid(stream) ? store.Find(stream) : null;

    private static IResult NotFound(string stream) =>
        Results.Problem(detail: $"Stream '{stream}' is not live here.", statusCode: StatusCodes.Status404NotFound);

    private static void NoCache(HttpContext context) => context.Response.Headers.CacheControl = "no-cache";

    internal enum FileKind
    {
        Unknown = 0,
        Init,
        Segment,
        Part,
    }
}
