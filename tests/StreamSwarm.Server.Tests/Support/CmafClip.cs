using System.Diagnostics;
using System.IO.Pipelines;
using StreamSwarm.Media.Segmenting;

namespace StreamSwarm.Server.Tests.Support;

/// <summary>
/// A real CMAF clip, made once per test run: 7 s of test pattern and tone encoded by ffmpeg as the
/// broadcaster does (faster than realtime), cut by Media's segmenter into the init segment and
/// parts that the tests upload.
/// </summary>
public sealed class CmafClip
{
    private static readonly Lazy<Task<CmafClip>> Shared = new(MakeAsync);

    private CmafClip(byte[] init, IReadOnlyList<ClipPart> parts)
    {
        Init = init;
        Parts = parts;
    }

    public byte[] Init { get; }

    public IReadOnlyList<ClipPart> Parts { get; }

    public static Task<CmafClip> GetAsync() => Shared.Value;

    private static async Task<CmafClip> MakeAsync()
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "-hide_banner", "-nostdin", "-v", "error",
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-t", "7", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
            "-f", "mp4", "-movflags", "empty_moov+default_base_moof+cmaf+frag_keyframe", "-frag_duration", "500000", "pipe:1",
        })
        {
            psi.ArgumentList.Add(a);
        }

        using var ffmpeg = Process.Start(psi)!;
        var stderr = ffmpeg.StandardError.ReadToEndAsync();
        var segmenter = new Segmenter(new SegmenterOptions { CaptureEpoch = DateTimeOffset.UtcNow });
        byte[]? init = null;
        var parts = new List<ClipPart>();
        await foreach (var output in segmenter.ReadAsync(PipeReader.Create(ffmpeg.StandardOutput.BaseStream)))
        {
            switch (output)
            {
                case InitSegment i:
                    init = i.Bytes.ToArray();
                    break;
                case MediaPart p:
                    using (p)
                    {
                        parts.Add(new ClipPart(p.Info.MediaSequence, p.Info.PartIndex, p.Info.DurationSeconds, p.Info.Independent, p.Info.ProgramDateTime, p.Bytes.ToArray()));
                    }

                    break;
            }
        }

        await ffmpeg.WaitForExitAsync();
        if (ffmpeg.ExitCode != 0 || init is null || parts.Count < 8)
        {
            throw new InvalidOperationException($"ffmpeg could not make the test clip ({ffmpeg.ExitCode}): {await stderr}");
        }

        return new CmafClip(init, parts);
    }
}

/// <summary>One part of the clip with the metadata the broadcaster sends as headers.</summary>
public sealed record ClipPart(long Msn, int Part, double DurationSeconds, bool Independent, DateTimeOffset ProgramDateTime, byte[] Bytes);
