namespace StreamSwarm.Media.Fmp4;

/// <summary>Media kind of a track, from its 'hdlr' handler type.</summary>
public enum TrackKind : byte
{
    Unknown = 0,
    Video,
    Audio,
}
