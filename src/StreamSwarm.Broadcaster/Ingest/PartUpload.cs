using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>One piece waiting to be uploaded to a rendition: the init segment or one part.</summary>
public abstract record UploadItem(string Rendition, ReadOnlyMemory<byte> Body)
{
    /// <summary>Short form for logs and errors, e.g. <c>main/parts/3/1</c>.</summary>
    public abstract string Describe();
}

public sealed record InitUpload(string Rendition, ReadOnlyMemory<byte> Body) : UploadItem(Rendition, Body)
{
    public override string Describe() => $"{Rendition}/init";
}

public sealed record PartUpload(string Rendition, PartInfo Info, ReadOnlyMemory<byte> Body, bool Discontinuity = false)
    : UploadItem(Rendition, Body)
{
    public override string Describe() => $"{Rendition}/parts/{Info.MediaSequence}/{Info.PartIndex}";
}
