namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// What one rendition is doing: the encoder's own fps, speed and bitrate, and the bitrate measured
/// from the parts it made (bytes over media duration of the last few parts), which is what
/// viewers actually download.
/// </summary>
public sealed record RenditionReading(string Name, double Fps, double Speed, double EncoderKbps, double MeasuredKbps, long Parts, long Bytes);
