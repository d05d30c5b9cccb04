using StreamSwarm.Core.Media;
using StreamSwarm.Server.Hls;
using StreamSwarm.Server.Origin;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Api;

/// <summary><c>GET /api/streams</c> and <c>GET /api/streams/{stream}</c>: what is live (or recently ended) here.</summary>
public static class StreamsEndpoints
{
    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/streams").RequireCors(OriginEndpoints.CorsPolicy);
        group.MapGet("/", (WindowStore store) =>
        {
            var list = new List<StreamSummary>();
            foreach (var w in store.All)
            {
                list.Add(Summarise(w));
            }

            list.Sort((a, b) => b.Live != a.Live ? b.Live.CompareTo(a.Live) : string.CompareOrdinal(a.Name, b.Name));
            return Results.Ok(list);
        });
        group.MapGet("/{stream}", (string stream, WindowStore store) =>
        {
            if (!MediaNames.IsValid(stream))
            {
                return Results.Problem(detail: MediaNames.Describe(stream, "Stream"), statusCode: StatusCodes.Status400BadRequest);
            }

            return store.Find(stream) is { } w
                ? Results.Ok(Summarise(w))
                : Results.Problem(detail: $"Stream '{stream}' is not live here.", statusCode: StatusCodes.Status404NotFound);
        });
        return endpoints;
    }

    private static StreamSummary Summarise(StreamWindow window) => window.Read(w =>
    {
        var renditions = new List<RenditionSummary>(w.Renditions.Count);
        long? lastMsn = null;
        foreach (var r in w.Renditions)
        {
            renditions.Add(new RenditionSummary(r.Spec.Name, r.Spec.Bandwidth, r.InitInfo?.Width ?? r.Spec.Width, r.InitInfo?.Height ?? r.Spec.Height, r.InitInfo?.Codecs));
            if (r.Last is { } last)
            {
                lastMsn = Math.Max(lastMsn ?? 0, last.Msn);
            }
        }

        return new StreamSummary(w.Name, !w.Ended, w.Started, w.LastUpload, lastMsn, $"/live/{w.Name}/master.m3u8", $"/watch/{w.Name}", renditions);
    });

    public sealed record StreamSummary(string Name, bool Live, DateTimeOffset Started, DateTimeOffset LastUpload, long? LastMsn, string Master, string Watch, IReadOnlyList<RenditionSummary> Renditions);

    public sealed record RenditionSummary(string Name, long Bandwidth, int Width, int Height, string? Codecs);
}
