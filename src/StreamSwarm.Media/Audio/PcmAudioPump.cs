using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamSwarm.Media.Audio;

/// <summary>How <see cref="PcmAudioPump"/> writes.</summary>
public sealed record PcmAudioPumpOptions
{
    /// <summary>Pace writes at real time (ffmpeg then timestamps audio as captured). False writes as fast as
    /// the pipe takes it (benchmarks, tests). Default true.</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>Stop after this much audio; null runs until the source ends or cancellation. Default null.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Audio per write. Default 20 ms (3,840 bytes).</summary>
    public TimeSpan Chunk { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How far ahead of the wall clock writes may run when realtime, to absorb scheduling jitter. Default 100 ms.</summary>
    public TimeSpan Lead { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Clock for pacing. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// Copies a <see cref="PcmAudioSource"/> to a stream (ffmpeg's stdin), paced at real time or not.
/// It does not close the destination: close it afterwards to give ffmpeg end of input.
/// </summary>
public sealed partial class PcmAudioPump
{
    private readonly PcmAudioSource _source;
    private readonly PcmAudioPumpOptions _options;
    private readonly ILogger _logger;

    public PcmAudioPump(PcmAudioSource source, PcmAudioPumpOptions? options = null, ILogger<PcmAudioPump>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _options = options ?? new PcmAudioPumpOptions();
        _logger = logger ?? NullLogger<PcmAudioPump>.Instance;
        if (_options.Chunk < TimeSpan.FromMilliseconds(1) || _options.Chunk > TimeSpan.FromSeconds(1) || _options.Lead < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Chunk must be 1 ms..1 s and Lead non-negative.");
        }
    }

    /// <summary>
    /// Writes until the source ends, <see cref="PcmAudioPumpOptions.Duration"/> is reached, or the reader
    /// goes away (a broken pipe when ffmpeg exits ends the pump quietly). Returns the bytes written.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<long> RunAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var time = _options.TimeProvider;
        var limit = _options.Duration is { } d ? PcmFormat.BytesFor(d) : long.MaxValue;
        var chunk = (int)PcmFormat.BytesFor(_options.Chunk);
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        long written = 0;
        var start = time.GetTimestamp();
        LogStarted(_logger, _source.Description, _options.Realtime);
        try
        {
            while (written < limit)
            {
                var want = (int)Math.Min(chunk, limit - written);
                var n = _source.Read(buffer, 0, want);
                if (n == 0)
                {
                    break;
                }

                if (_options.Realtime)
                {
                    var due = TimeSpan.FromSeconds((double)written / PcmFormat.BytesPerSecond) - _options.Lead;
                    var wait = due - time.GetElapsedTime(start);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, cancellationToken);
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                written += n;
            }

            await destination.FlushAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            // ffmpeg closed its stdin (it stopped, or reached -t): the end of this pump, not a failure.
            LogReaderGone(_logger, written, ex.Message);
        }
        catch (ObjectDisposedException)
        {
            LogReaderGone(_logger, written, "stream closed");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        LogFinished(_logger, written, (double)written / PcmFormat.BytesPerSecond);
        return written;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PCM pump started: {Source}, realtime {Realtime}")]
    private static partial void LogStarted(ILogger logger, string source, bool realtime);

    [LoggerMessage(Level = LogLevel.Information, Message = "PCM reader went away after {Bytes} bytes: {Reason}")]
    private static partial void LogReaderGone(ILogger logger, long bytes, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PCM pump finished: {Bytes} bytes, {Seconds:F3} s of audio")]
    private static partial void LogFinished(ILogger logger, long bytes, double seconds);
}
