using System.Text.Json.Serialization;

namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>Body of <c>POST /api/ingest/{stream}/sessions</c> (docs/ingest.md, "Session").</summary>
public sealed record SessionRequest(
    [property: JsonPropertyName("renditions")] IReadOnlyList<RenditionRequest> Renditions,
    [property: JsonPropertyName("targetSegmentSeconds")] double TargetSegmentSeconds,
    [property: JsonPropertyName("partTargetSeconds")] double PartTargetSeconds);

public sealed record RenditionRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("bandwidth")] long Bandwidth,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("frameRate")] double FrameRate);

/// <summary>Body of the <c>201</c> answer to a session request.</summary>
public sealed record SessionResponse(
    [property: JsonPropertyName("sessionId")] string? SessionId,
    [property: JsonPropertyName("stream")] string? Stream);

/// <summary>The fields of an RFC 9457 problem details body we show to the user.</summary>
public sealed record ProblemDetails(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("detail")] string? Detail);

[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
