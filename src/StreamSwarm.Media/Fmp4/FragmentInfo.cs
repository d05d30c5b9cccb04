namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// One track's run of samples in a movie fragment ('traf'): decode time of its first sample
/// (tfdt baseMediaDecodeTime), summed duration and count of its 'trun' samples, whether the first
/// sample is a sync sample (keyframe), and the bytes its samples take in 'mdat'.
/// Times are in the track's timescale.
/// </summary>
public readonly record struct TrackFragmentInfo(
    uint TrackId,
    long BaseMediaDecodeTime,
    long DurationTicks,
    int SampleCount,
    bool StartsWithSyncSample,
    long SampleBytes);

/// <summary>A movie fragment ('moof'): its sequence number and one entry per 'traf'.</summary>
public sealed class FragmentInfo
{
    public FragmentInfo(uint sequenceNumber, IReadOnlyList<TrackFragmentInfo> tracks)
    {
        SequenceNumber = sequenceNumber;
        Tracks = tracks;
    }

    public uint SequenceNumber { get; }

    public IReadOnlyList<TrackFragmentInfo> Tracks { get; }

    public bool TryGetTrack(uint trackId, out TrackFragmentInfo track)
    {
        for (var i = 0; i < Tracks.Count; i++)
        {
            if (Tracks[i].TrackId == trackId)
            {
                track = Tracks[i];
                return true;
            }
        }

        track = default;
        return false;
    }
}
