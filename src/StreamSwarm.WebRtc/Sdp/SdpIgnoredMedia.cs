namespace StreamSwarm.WebRtc.Sdp;

/// <summary>
/// A media section we do not implement (audio, video, a second application section). An answer
/// rejects it with port 0 (RFC 8866 §5.14, RFC 3264 §6) and keeps it out of the BUNDLE group.
/// </summary>
/// <param name="Media">The media type, e.g. <c>audio</c>.</param>
/// <param name="Protocol">The transport protocol token.</param>
/// <param name="Formats">The format list as written.</param>
/// <param name="Mid">Its <c>a=mid</c>, when present.</param>
public sealed record SdpIgnoredMedia(string Media, string Protocol, string Formats, string? Mid);
