namespace StreamSwarm.Server.Ingest;

/// <summary>Body of <c>POST /api/ingest/{stream}/sessions</c> (docs/ingest.md).</summary>
public sealed record SessionRequest(List<RenditionRequest>? Renditions, double TargetSegmentSeconds = 2.0, double PartTargetSeconds = 0.5);

/// <summary>One declared rendition.</summary>
public sealed record RenditionRequest(string? Name, long Bandwidth, int Width, int Height, double FrameRate);
