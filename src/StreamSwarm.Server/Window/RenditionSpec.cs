namespace StreamSwarm.Server.Window;

/// <summary>What the broadcaster declares of a rendition when the session starts (docs/ingest.md).</summary>
public sealed record RenditionSpec(string Name, long Bandwidth, int Width, int Height, double FrameRate);
