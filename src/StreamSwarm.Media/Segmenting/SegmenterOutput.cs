using System.Buffers;
using StreamSwarm.Core.Media;
using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Segmenting;

/// <summary>What the segmenter yields, in stream order: one <see cref="InitSegment"/>, then
/// <see cref="MediaPart"/>s, with a <see cref="CompletedSegment"/> after the last part of each segment.</summary>
public abstract class SegmenterOutput
{
    private protected SegmenterOutput()
    {
    }
}

/// <summary>The init segment ('ftyp' + 'moov'). <see cref="Bytes"/> is an owned array, valid forever.</summary>
public sealed class InitSegment : SegmenterOutput
{
    internal InitSegment(InitSegmentInfo info, byte[] bytes)
    {
        Info = info;
        Bytes = bytes;
        Hash = ContentHash.Of(bytes);
    }

    public InitSegmentInfo Info { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public ContentHash Hash { get; }
}

/// <summary>
/// One LL-HLS part: one encoder fragment ([styp] moof mdat).
/// <para>Ownership: <see cref="Bytes"/> lives in a buffer rented from <see cref="ArrayPool{T}.Shared"/> and is
/// valid until <see cref="Dispose"/>. The consumer disposes the part once done with it (after the upload);
/// whoever needs the bytes longer copies them first (<c>Bytes.ToArray()</c>). Reading <see cref="Bytes"/> after
/// Dispose throws <see cref="ObjectDisposedException"/>. Not disposing is safe, only slower.</para>
/// </summary>
public sealed class MediaPart : SegmenterOutput, IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    internal MediaPart(PartInfo info, byte[] buffer, int length, FragmentInfo fragment, long decodeTime, uint timescale)
    {
        Info = info;
        _buffer = buffer;
        _length = length;
        Fragment = fragment;
        DecodeTime = decodeTime;
        Timescale = timescale;
    }

    /// <summary>Sequence, index, duration, independence, program date time and SHA-256 of <see cref="Bytes"/>.</summary>
    public PartInfo Info { get; }

    /// <summary>The parsed 'moof' of this part.</summary>
    public FragmentInfo Fragment { get; }

    /// <summary>baseMediaDecodeTime of the part's first sample on the timing track (video, else audio).</summary>
    public long DecodeTime { get; }

    /// <summary>Timescale of the timing track.</summary>
    public uint Timescale { get; }

    public int Length => _length;

    public ReadOnlyMemory<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer is null, this);
            return new ReadOnlyMemory<byte>(_buffer, 0, _length);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>
/// A segment all of whose parts have been yielded. <see cref="Hash"/> is the SHA-256 of its parts'
/// bytes concatenated in order, i.e. of the <c>{msn}.m4s</c> the origin serves.
/// </summary>
public sealed class CompletedSegment : SegmenterOutput
{
    internal CompletedSegment(long mediaSequence, double durationSeconds, ContentHash hash, int partCount, DateTimeOffset programDateTime, long byteCount)
    {
        MediaSequence = mediaSequence;
        DurationSeconds = durationSeconds;
        Hash = hash;
        PartCount = partCount;
        ProgramDateTime = programDateTime;
        ByteCount = byteCount;
    }

    public long MediaSequence { get; }

    public double DurationSeconds { get; }

    public ContentHash Hash { get; }

    public int PartCount { get; }

    /// <summary>Program date time of the segment's first part.</summary>
    public DateTimeOffset ProgramDateTime { get; }

    public long ByteCount { get; }
}
