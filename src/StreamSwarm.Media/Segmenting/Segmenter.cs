using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Segmenting;

/// <summary>
/// Cuts an encoder's fragmented-MP4 output into LL-HLS pieces: each encoder fragment (moof + mdat)
/// is one part; a segment closes at the first part starting with a keyframe once it holds
/// <see cref="SegmenterOptions.TargetSegmentDuration"/> of media. The timing track is the first video
/// track, or the first audio track for audio-only streams.
/// </summary>
public sealed class Segmenter
{
    private readonly SegmenterOptions _options;
    private readonly ILogger _logger;

    public Segmenter(SegmenterOptions options, ILogger<Segmenter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<Segmenter>.Instance;
    }

    /// <summary>
    /// Reads <paramref name="reader"/> to its end, yielding the init segment, then parts and completed
    /// segments as they become whole. The caller disposes each <see cref="MediaPart"/> and still owns
    /// (and completes) the reader.
    /// </summary>
    /// <exception cref="Fmp4FormatException">The encoder output is not CMAF this segmenter can cut.</exception>
    public async IAsyncEnumerable<SegmenterOutput> ReadAsync(PipeReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var assembler = new SegmentAssembler(_options, _logger);
        var produced = new List<SegmenterOutput>(4);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var done = false;
            try
            {
                while (Fmp4BoxReader.TryReadBox(ref buffer, _options.MaxBoxSize, out var header, out var box))
                {
                    assembler.Accept(header, box, produced);
                    for (var i = 0; i < produced.Count; i++)
                    {
                        yield return produced[i];
                    }

                    produced.Clear();
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    assembler.Complete(buffer.Length, produced);
                    for (var i = 0; i < produced.Count; i++)
                    {
                        yield return produced[i];
                    }

                    produced.Clear();
                    done = true;
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (done)
            {
                yield break;
            }
        }
    }
}
