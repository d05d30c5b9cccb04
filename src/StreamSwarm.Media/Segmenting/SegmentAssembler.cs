using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StreamSwarm.Core.Media;
using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Segmenting;

/// <summary>
/// The segmenter's state machine, fed one complete top-level box at a time. Separate from the pipe
/// loop so that it stays synchronous and span-based.
/// </summary>
internal sealed partial class SegmentAssembler : IDisposable
{
    private readonly SegmenterOptions _options;
    private readonly ILogger _logger;
    private readonly IncrementalHash _segmentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private byte[]? _ftyp;
    private InitSegmentInfo? _init;
    private TrackInfo? _timing;
    private long _targetTicks;
    private long _toleranceTicks;

    private byte[]? _styp;
    private byte[]? _moof;
    private int _moofLength;

    private bool _segmentOpen;
    private long _msn;
    private int _partIndex;
    private long _segmentTicks;
    private long _segmentBytes;
    private DateTimeOffset _segmentPdt;
    private long _droppedParts;

    public SegmentAssembler(SegmenterOptions options, ILogger logger)
    {
        options.Validate();
        _options = options;
        _logger = logger;
        _msn = options.FirstMediaSequence;
    }

    /// <summary>Handles one complete top-level box, appending what it produces to <paramref name="output"/>.</summary>
    public void Accept(BoxHeader header, in ReadOnlySequence<byte> box, List<SegmenterOutput> output)
    {
        switch (header.Type)
        {
            case FourCC.Ftyp:
                if (_ftyp is not null)
                {
                    Fmp4Throw.Format(Fmp4Error.UnexpectedBox, "A second 'ftyp' on one encoder output: restart the segmenter with the encoder.");
                }

                _ftyp = box.ToArray();
                break;

            case FourCC.Moov:
                AcceptMoov(box, output);
                break;

            case FourCC.Styp:
                _styp = box.ToArray();
                break;

            case FourCC.Moof:
                AcceptMoof(header, box);
                break;

            case FourCC.Mdat:
                AcceptMdat(box, output);
                break;

            default:
                // sidx, prft, free, skip, mfra (ffmpeg's trailer), uuid: not part of an LL-HLS part.
                LogSkippedBox(_logger, header.TypeName, header.Size);
                break;
        }
    }

    /// <summary>End of the encoder output: closes the open segment.</summary>
    public void Complete(long leftoverBytes, List<SegmenterOutput> output)
    {
        if (leftoverBytes > 0 || _moof is not null)
        {
            LogTruncatedTail(_logger, leftoverBytes + _moofLength);
        }

        ReturnMoof();
        CloseSegment(output);
    }

    public void Dispose()
    {
        ReturnMoof();
        _segmentHash.Dispose();
    }

    private void AcceptMoov(in ReadOnlySequence<byte> box, List<SegmenterOutput> output)
    {
        if (_ftyp is null)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'moov' before 'ftyp'.");
        }

        if (_init is not null)
        {
            Fmp4Throw.Format(Fmp4Error.UnexpectedBox, "A second 'moov' on one encoder output.");
        }

        var bytes = new byte[_ftyp.Length + box.Length];
        _ftyp.CopyTo(bytes, 0);
        box.CopyTo(bytes.AsSpan(_ftyp.Length));
        _init = InitSegmentParser.Parse(bytes);
        _timing = _init.Video ?? _init.Audio ?? _init.Tracks[0];
        _targetTicks = (long)Math.Round(_options.TargetSegmentDuration.TotalSeconds * _timing.Timescale);

        // A GOP of exactly the target can land a tick short after rounding; 1 % (20 ms at 2 s, half a
        // frame at 25 fps) absorbs that without letting a segment close a whole GOP early.
        _toleranceTicks = _targetTicks / 100;
        LogInit(_logger, _init.Codecs, _init.Width, _init.Height, _timing.Timescale);
        output.Add(new InitSegment(_init, bytes));
    }

    private void AcceptMoof(BoxHeader header, in ReadOnlySequence<byte> box)
    {
        if (_init is null)
        {
            Fmp4Throw.Format(Fmp4Error.MissingBox, "'moof' before the init segment.");
        }

        if (_moof is not null)
        {
            Fmp4Throw.Format(Fmp4Error.UnexpectedBox, "Two 'moof' boxes without an 'mdat' between them.");
        }

        _moofLength = (int)header.Size;
        _moof = ArrayPool<byte>.Shared.Rent(_moofLength);
        box.CopyTo(_moof);
    }

    private void AcceptMdat(in ReadOnlySequence<byte> box, List<SegmenterOutput> output)
    {
        if (_moof is null)
        {
            Fmp4Throw.Format(Fmp4Error.UnexpectedBox, "'mdat' without a preceding 'moof'.");
        }

        var stypLength = _styp?.Length ?? 0;
        var total = stypLength + (long)_moofLength + box.Length;
        if (total > Array.MaxLength)
        {
            Fmp4Throw.Format(Fmp4Error.BoxTooLarge, $"A part of {total} bytes does not fit one buffer.");
        }

        var length = (int)total;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var handedOff = false;
        try
        {
            _styp?.CopyTo(buffer, 0);
            _moof.AsSpan(0, _moofLength).CopyTo(buffer.AsSpan(stypLength));
            box.CopyTo(buffer.AsSpan(stypLength + _moofLength));
            var fragment = FragmentParser.Parse(buffer.AsSpan(stypLength, _moofLength), _init);
            ReturnMoof();
            _styp = null;
            handedOff = AddPart(buffer, length, fragment, output);
        }
        finally
        {
            if (!handedOff)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private bool AddPart(byte[] buffer, int length, FragmentInfo fragment, List<SegmenterOutput> output)
    {
        var timing = _timing!;
        if (!fragment.TryGetTrack(timing.TrackId, out var track))
        {
            if (!_segmentOpen)
            {
                // Before the first keyframe ffmpeg may flush a fragment of audio alone (PCM from
                // stdin can arrive before the first video frame): nothing to time it by, and a
                // segment cannot start with it, so it goes the way of the parts before that keyframe.
                _droppedParts++;
                LogDroppedPart(_logger, _droppedParts);
                return false;
            }

            Fmp4Throw.Format(Fmp4Error.MissingBox, $"A fragment has no samples of track {timing.TrackId}, which times the stream.");
        }

        var independent = timing.Kind != TrackKind.Video || track.StartsWithSyncSample;
        if (!_segmentOpen && !independent)
        {
            // Part 0 of a segment must be independent (docs/ingest.md): wait for the first keyframe.
            _droppedParts++;
            LogDroppedPart(_logger, _droppedParts);
            return false;
        }

        if (_segmentOpen && independent && _segmentTicks + _toleranceTicks >= _targetTicks)
        {
            CloseSegment(output);
        }
        else if (_segmentOpen && _partIndex >= PartInfo.MaxPartsPerSegment)
        {
            if (!independent)
            {
                Fmp4Throw.Format(Fmp4Error.InvalidValue, $"No keyframe within {PartInfo.MaxPartsPerSegment} parts: set the encoder GOP to the segment target.");
            }

            CloseSegment(output);
        }

        var pdt = _options.CaptureEpoch + ToTimeSpan(track.BaseMediaDecodeTime, timing.Timescale);
        if (!_segmentOpen)
        {
            _segmentOpen = true;
            _partIndex = 0;
            _segmentTicks = 0;
            _segmentBytes = 0;
            _segmentPdt = pdt;
        }

        var span = buffer.AsSpan(0, length);
        _segmentHash.AppendData(span);
        var seconds = (double)track.DurationTicks / timing.Timescale;
        if (seconds > 2 * _options.PartTargetDuration.TotalSeconds)
        {
            LogLongPart(_logger, _msn, _partIndex, seconds);
        }

        var info = new PartInfo(_msn, _partIndex, seconds, independent, pdt, ContentHash.Of(span));
        output.Add(new MediaPart(info, buffer, length, fragment, track.BaseMediaDecodeTime, timing.Timescale));
        _partIndex++;
        _segmentTicks += track.DurationTicks;
        _segmentBytes += length;
        return true;
    }

    private void CloseSegment(List<SegmenterOutput> output)
    {
        if (!_segmentOpen)
        {
            return;
        }

        Span<byte> digest = stackalloc byte[ContentHash.Size];
        _segmentHash.GetHashAndReset(digest);
        var seconds = (double)_segmentTicks / _timing!.Timescale;
        output.Add(new CompletedSegment(_msn, seconds, ContentHash.FromBytes(digest), _partIndex, _segmentPdt, _segmentBytes));
        LogSegment(_logger, _msn, seconds, _partIndex, _segmentBytes);
        _segmentOpen = false;
        _msn++;
    }

    private void ReturnMoof()
    {
        if (_moof is not null)
        {
            ArrayPool<byte>.Shared.Return(_moof);
            _moof = null;
            _moofLength = 0;
        }
    }

    private static TimeSpan ToTimeSpan(long ticks, uint timescale)
    {
        var netTicks = (Int128)ticks * TimeSpan.TicksPerSecond / timescale;
        return netTicks > TimeSpan.MaxValue.Ticks / 2 ? TimeSpan.MaxValue / 2 : TimeSpan.FromTicks((long)netTicks);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped top-level '{BoxType}' box of {Size} bytes")]
    private static partial void LogSkippedBox(ILogger logger, string boxType, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encoder output ended inside a box; dropped {Bytes} trailing bytes")]
    private static partial void LogTruncatedTail(ILogger logger, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Init segment: codecs {Codecs}, {Width}x{Height}, timing timescale {Timescale}")]
    private static partial void LogInit(ILogger logger, string codecs, int width, int height, uint timescale);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a part that does not start with a keyframe before the first segment ({Dropped} so far)")]
    private static partial void LogDroppedPart(ILogger logger, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Part {Msn}.{Part} lasts {Seconds:F3} s, over twice the part target")]
    private static partial void LogLongPart(ILogger logger, long msn, int part, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Segment {Msn} complete: {Seconds:F3} s, {Parts} parts, {Bytes} bytes")]
    private static partial void LogSegment(ILogger logger, long msn, double seconds, int parts, long bytes);
}
