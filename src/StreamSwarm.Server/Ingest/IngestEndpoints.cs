using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamSwarm.Core.Media;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Keys;
using StreamSwarm.Server.Swarm;
using StreamSwarm.Server.Swarm.Contracts;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Ingest;

/// <summary>The ingest API of docs/ingest.md: sessions, init and part uploads. Every refusal is a problem+json that says what to do.</summary>
public static partial class IngestEndpoints
{
    private const int MaxRenditions = 8;

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/ingest/{stream}");
        group.MapPost("/sessions", StartSessionAsync);
        group.MapDelete("/sessions/{sessionId}", EndSessionAsync);
        group.MapPut("/sessions/{sessionId}/{rendition}/init", PutInitAsync);
        group.MapPut("/sessions/{sessionId}/{rendition}/parts/{msn}/{part}", PutPartAsync);
        return endpoints;
    }

    private static async Task<IResult> StartSessionAsync(
        string stream, HttpContext context, StreamKeyStore keys, WindowStore store, PartHashFeed hashes,
        IOptions<IngestOptions> options, ILoggerFactory loggers)
    {
        if (Authorize(stream, context, keys) is { } refused)
        {
            return refused;
        }

        var body = await BodyReader.ReadAsync(context.Request, options.Value.MaxSessionRequestBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"The session request is over {options.Value.MaxSessionRequestBytes} bytes.");
        }

        SessionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SessionRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, $"The session request is not valid JSON: {e.Message}");
        }

        if (Validate(request) is { } invalid)
        {
            return Problem(StatusCodes.Status400BadRequest, invalid);
        }

        var specs = request!.Renditions!.ConvertAll(r => new RenditionSpec(r.Name!, r.Bandwidth, r.Width, r.Height, r.FrameRate));
        var window = store.StartSession(stream, specs, request.TargetSegmentSeconds, request.PartTargetSeconds, TimeSpan.FromSeconds(options.Value.SessionIdleTimeoutSeconds));
        if (window is null)
        {
            return Problem(StatusCodes.Status409Conflict, $"Stream '{stream}' is live from another broadcaster. End that broadcast first, or wait {options.Value.SessionIdleTimeoutSeconds:0.#} s after it stops uploading.");
        }

        hashes.Reset(stream);
        LogSessionStarted(loggers.CreateLogger(typeof(IngestEndpoints)), stream, window.SessionId, specs.Count);
        return Results.Json(new SessionResponse(window.SessionId, stream), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> EndSessionAsync(string stream, string sessionId, HttpContext context, StreamKeyStore keys, WindowStore store, SwarmNotices notices, ILoggerFactory loggers)
    {
        if (Authorize(stream, context, keys) is { } refused)
        {
            return refused;
        }

        if (Session(store, stream, sessionId, out var window) is { } missing)
        {
            return missing;
        }

        store.EndSession(window!);
        await notices.StreamEndedAsync(stream, context.RequestAborted);
        LogSessionEnded(loggers.CreateLogger(typeof(IngestEndpoints)), stream, sessionId);
        return Results.NoContent();
    }

    private static async Task<IResult> PutInitAsync(string stream, string sessionId, string rendition, HttpContext context, StreamKeyStore keys, WindowStore store, IOptions<IngestOptions> options)
    {
        if (Authorize(stream, context, keys) is { } refused)
        {
            return refused;
        }

        if (LiveSession(store, stream, sessionId, rendition, out var window, out var target) is { } missing)
        {
            return missing;
        }

        var body = await BodyReader.ReadAsync(context.Request, options.Value.MaxInitBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"An init segment is at most {options.Value.MaxInitBytes} bytes.");
        }

        if (!Fmp4Validator.TryValidateInit(body, out var info, out var problem))
        {
            return Problem(StatusCodes.Status400BadRequest, $"Not a CMAF init segment (ftyp + moov with H.264 and/or AAC): {problem.Message}");
        }

        store.SetInit(window!, target!, body, info);
        return Results.NoContent();
    }

    private static async Task<IResult> PutPartAsync(
        string stream, string sessionId, string rendition, string msn, string part, HttpContext context,
        StreamKeyStore keys, WindowStore store, PartHashFeed hashes, IOptions<IngestOptions> options)
    {
        if (Authorize(stream, context, keys) is { } refused)
        {
            return refused;
        }

        if (LiveSession(store, stream, sessionId, rendition, out var window, out var target) is { } missing)
        {
            return missing;
        }

        if (ParseHeaders(context.Request, msn, part, window!.PartTargetSeconds, out var header) is { } badHeader)
        {
            return Problem(StatusCodes.Status400BadRequest, badHeader);
        }

        var body = await BodyReader.ReadAsync(context.Request, options.Value.MaxPartBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"A part is at most {options.Value.MaxPartBytes} bytes.");
        }

        var init = window.Read(_ => target!.InitInfo);
        if (init is null)
        {
            return Problem(StatusCodes.Status409Conflict, $"Upload the init segment of rendition '{rendition}' before its parts.");
        }

        if (!Fmp4Validator.TryValidatePart(body, init, out _, out var problem))
        {
            return Problem(StatusCodes.Status400BadRequest, $"Not a CMAF part (moof + mdat pairs): {problem.Message}");
        }

        var hash = ContentHash.Of(body);
        if (header.Sha256 is { } claimed && claimed != hash)
        {
            return Problem(StatusCodes.Status400BadRequest, $"X-Content-SHA256 does not match the body (body hashes to {hash.ToHex()}).");
        }

        var stored = new StoredPart(header.Part, header.Duration, header.Independent, header.ProgramDateTime, body, hash);
        var result = store.AppendPart(window, target!, header.Msn, stored, header.Discontinuity, out var closed);
        switch (result)
        {
            case PartAppendResult.Stored:
                var published = new List<PartHash>(2) { new(rendition, header.Msn, header.Part, body.Length, hash.ToHex()) };
                if (closed is not null)
                {
                    published.Add(new(rendition, closed.Msn, PartHash.WholeSegment, closed.Bytes, closed.Hash.ToHex()));
                }

                await hashes.PublishAsync(stream, published, context.RequestAborted);
                return Results.NoContent();
            case PartAppendResult.Duplicate:
                return Results.NoContent();
            case PartAppendResult.NoInit:
                return Problem(StatusCodes.Status409Conflict, $"Upload the init segment of rendition '{rendition}' before its parts.");
            case PartAppendResult.OverBudget:
                return Problem(StatusCodes.Status413PayloadTooLarge, "The part is larger than a quarter of the stream's memory budget.");
            default:
                var expected = window.Read(_ => Hls.MediaPlaylistWriter.NextPart(target!));
                var next = expected is var (m, p) ? $"{m}/{p} (or the next segment's part 0)" : "part 0 of any segment";
                return Problem(StatusCodes.Status409Conflict, $"Part {header.Msn}/{header.Part} is out of order, repeats a stored part with other bytes, or starts a segment without a keyframe; the server expects {next}.");
        }
    }

    private static string? Validate(SessionRequest? request)
    {
        if (request?.Renditions is not { Count: > 0 and <= MaxRenditions } renditions)
        {
            return $"A session declares 1-{MaxRenditions} renditions.";
        }

        if (!double.IsFinite(request.TargetSegmentSeconds) || request.TargetSegmentSeconds is < 0.5 or > 10)
        {
            return "targetSegmentSeconds must be 0.5-10.";
        }

        if (!double.IsFinite(request.PartTargetSeconds) || request.PartTargetSeconds is < 0.1 or > 2 || request.PartTargetSeconds > request.TargetSegmentSeconds)
        {
            return "partTargetSeconds must be 0.1-2 and at most targetSegmentSeconds.";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in renditions)
        {
            if (r is null)
            {
                return "A rendition is null.";
            }

            if (MediaNames.Describe(r.Name, "Rendition") is { } bad)
            {
                return bad;
            }

            if (!names.Add(r.Name!))
            {
                return $"Rendition '{r.Name}' is declared twice.";
            }

            if (r.Bandwidth is < 1 or > 1_000_000_000 || r.Width is < 0 or > 16384 || r.Height is < 0 or > 16384 || !double.IsFinite(r.FrameRate) || r.FrameRate is < 0 or > 1000)
            {
                return $"Rendition '{r.Name}': bandwidth 1-1e9 bit/s, width and height 0-16384, frameRate 0-1000.";
            }
        }

        return null;
    }

    private static string? ParseHeaders(HttpRequest request, string msnText, string partText, double partTarget, out PartHeader header)
    {
        header = default;
        var inv = CultureInfo.InvariantCulture;
        if (!long.TryParse(msnText, NumberStyles.None, inv, out var msn) || msn > PartInfo.MaxMediaSequence)
        {
            return $"msn '{msnText}' must be a whole number 0-{PartInfo.MaxMediaSequence}.";
        }

        if (!int.TryParse(partText, NumberStyles.None, inv, out var part) || part >= PartInfo.MaxPartsPerSegment)
        {
            return $"part '{partText}' must be a whole number 0-{PartInfo.MaxPartsPerSegment - 1}.";
        }

        if (!double.TryParse(request.Headers["X-Part-Duration"], NumberStyles.AllowDecimalPoint, inv, out var duration) || duration <= 0 || duration > 2 * partTarget)
        {
            return $"X-Part-Duration must be seconds, more than 0 and at most {2 * partTarget:0.###} (twice the part target).";
        }

        if (!bool.TryParse(request.Headers["X-Part-Independent"], out var independent))
        {
            return "X-Part-Independent must be true or false.";
        }

        if (!DateTimeOffset.TryParse(request.Headers["X-Program-Date-Time"], inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var pdt))
        {
            return "X-Program-Date-Time must be an ISO 8601 UTC time.";
        }

        ContentHash? sha = null;
        if (request.Headers.TryGetValue("X-Content-SHA256", out var shaText))
        {
            if (!ContentHash.TryParseHex(shaText.ToString().ToLowerInvariant(), out var parsed))
            {
                return "X-Content-SHA256 must be 64 hex digits.";
            }

            sha = parsed;
        }

        var discontinuity = false;
        if (request.Headers.TryGetValue("X-Discontinuity", out var discText) && !bool.TryParse(discText, out discontinuity))
        {
            return "X-Discontinuity must be true or false.";
        }

        header = new PartHeader(msn, part, duration, independent, pdt, sha, discontinuity);
        return null;
    }

    private static IResult? Authorize(string stream, HttpContext context, StreamKeyStore keys)
    {
        if (MediaNames.Describe(stream, "Stream") is { } bad)
        {
            return Problem(StatusCodes.Status400BadRequest, bad);
        }

        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        return keys.IsAuthorized(stream, key)
            ? null
            : Problem(StatusCodes.Status401Unauthorized, $"The stream key is missing or wrong for '{stream}': send 'Authorization: Bearer <key>' with a key made by 'keys create --stream {stream}'.");
    }

    private static IResult? Session(WindowStore store, string stream, string sessionId, out StreamWindow? window)
    {
        window = store.Find(stream);
        if (window is null || window.SessionId != sessionId)
        {
            window = null;
            return Problem(StatusCodes.Status404NotFound, $"No session '{sessionId}' for stream '{stream}': start one with POST /api/ingest/{stream}/sessions.");
        }

        return null;
    }

    private static IResult? LiveSession(WindowStore store, string stream, string sessionId, string rendition, out StreamWindow? window, out RenditionWindow? target)
    {
        target = null;
        if (Session(store, stream, sessionId, out window) is { } missing)
        {
            return missing;
        }

        if (window!.Ended)
        {
            return Problem(StatusCodes.Status409Conflict, $"Session '{sessionId}' has ended: start a new one.");
        }

        target = window.Find(rendition);
        return target is null
            ? Problem(StatusCodes.Status404NotFound, $"Rendition '{rendition}' was not declared when the session started.")
            : null;
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    private readonly record struct PartHeader(long Msn, int Part, double Duration, bool Independent, DateTimeOffset ProgramDateTime, ContentHash? Sha256, bool Discontinuity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} live: session {SessionId} with {Renditions} renditions")]
    private static partial void LogSessionStarted(ILogger logger, string stream, string sessionId, int renditions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream} ended by the broadcaster (session {SessionId})")]
    private static partial void LogSessionEnded(ILogger logger, string stream, string sessionId);
}
