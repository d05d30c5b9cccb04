using System.Diagnostics;
using System.Globalization;
using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests.Integration;

/// <summary>
/// The NAudio pipeline end to end: a WAV and an MP3 mixed with a tone, as PCM into the real ffmpeg,
/// live to the real server; ffmpeg reads the stream back and hears it.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class AudioGoLiveTests(LiveServer server) : IClassFixture<LiveServer>, IDisposable
{
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"streamswarm-audio-{Guid.NewGuid():N}.log");

    private static string Samples => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ChildCli.DllPath)!, "..", "..", "..", "..", "..", "media-samples", "out"));

    public void Dispose() => File.Delete(_logFile);

    [Fact]
    public async Task TestPatternWithWavMp3AndTone_GoesLive_AndTheAudioTrackIsHeard()
    {
        const string stream = "it-audio";
        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--size", "320x180", "--bitrate", "300k", "--duration", "10", "--encoder", "libx264",
            "--audio", $"wav:{Path.Combine(Samples, "tone.wav")}", "--audio", $"mp3:{Path.Combine(Samples, "tone.mp3")}", "--audio", "tone:220",
            "--gain", "1,1,0.5", "--log-file", _logFile,
        ]);

        var log = File.Exists(_logFile) ? await File.ReadAllTextAsync(_logFile) : "(no log)";
        Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}\n{result.Error}\n{result.Output}\n{log}");
        Assert.Contains("PCM pump started: mix of wav tone.wav (loop) + mp3 tone.mp3 (loop) + tone 220 Hz", log, StringComparison.Ordinal);

        // ffmpeg decodes the live stream's audio and measures it: the mix is there, not silence.
        var (code, stderr) = await RunAsync("ffmpeg", "-hide_banner", "-nostats", "-i", $"{server.Url}/live/{stream}/master.m3u8", "-map", "0:a:0", "-af", "volumedetect", "-f", "null", "-");
        Assert.True(code == 0, stderr);
        Assert.Contains("Audio: aac", stderr, StringComparison.Ordinal);
        var mean = stderr.Split('\n').Single(l => l.Contains("mean_volume:", StringComparison.Ordinal));
        var db = double.Parse(mean[(mean.IndexOf("mean_volume:", StringComparison.Ordinal) + 12)..].Replace("dB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(db, -40, 0);
    }

    [Fact]
    public async Task AlsaNullDevice_GoesLive_AsAnAacTrack()
    {
        // ALSA's null PCM: the one capture device every Linux box has. It delivers silence, so the
        // check is that the captured input made it into an AAC track, not its level.
        const string stream = "it-audio-alsa";
        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--size", "320x180", "--bitrate", "300k", "--duration", "6", "--encoder", "libx264",
            "--audio", "alsa:null", "--log-file", _logFile,
        ]);

        var log = File.Exists(_logFile) ? await File.ReadAllTextAsync(_logFile) : "(no log)";
        Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}\n{result.Error}\n{result.Output}\n{log}");
        Assert.Contains("PCM pump started: mix of alsa null", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Audio capture alsa null stopped", log, StringComparison.Ordinal);

        var (code, stdout) = await RunAsync("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", $"{server.Url}/live/{stream}/master.m3u8");
        Assert.True(code == 0, stdout);
        // ffprobe lists the audio of every program the master playlist opens.
        var tracks = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(tracks);
        Assert.All(tracks, t => Assert.Equal("aac,48000,2", t));
    }

    [Fact]
    public async Task CaptureKilledMidShow_InputGoesSilent_ALineSaysSo_TheBroadcastGoesOn()
    {
        const string stream = "it-audio-alsa";
        var running = CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--size", "320x180", "--bitrate", "300k", "--duration", "10", "--encoder", "libx264",
            "--audio", "alsa:null", "--audio", "tone", "--log-file", _logFile,
        ]);

        // The capture is the ffmpeg this test process started with ALSA in and float PCM out.
        var deadline = Stopwatch.StartNew();
        int? capture = null;
        while (capture is null && deadline.Elapsed < TimeSpan.FromSeconds(20) && !running.IsCompleted)
        {
            capture = FindChild(Environment.ProcessId, ["-f", "alsa", "-i", "null"], "f32le");
            await Task.Delay(50);
        }

        Assert.NotNull(capture);
        await Task.Delay(TimeSpan.FromSeconds(3));
        using (var process = Process.GetProcessById(capture.Value))
        {
            process.Kill();
        }

        var result = await running;
        var log = File.Exists(_logFile) ? await File.ReadAllTextAsync(_logFile) : "(no log)";
        Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}\n{result.Error}\n{result.Output}\n{log}");
        Assert.Contains(result.OutputLines, l => l.StartsWith("Audio alsa null stopped (ffmpeg was killed (signal 9))", StringComparison.Ordinal) && l.EndsWith("it is silent from now on; the broadcast goes on.", StringComparison.Ordinal));
        Assert.Contains("Audio capture alsa null stopped", log, StringComparison.Ordinal);
        Assert.DoesNotContain("ffmpeg stopped unexpectedly", result.Output, StringComparison.Ordinal);
        // Ten seconds of 0.5 s parts went up, not the three before the kill.
        var ended = Assert.Single(result.OutputLines, l => l.StartsWith("Stream ended", StringComparison.Ordinal));
        var parts = int.Parse(ended.Split(' ').SkipWhile(w => !w.EndsWith(':')).ElementAt(1), CultureInfo.InvariantCulture);
        Assert.InRange(parts, 14, 30);
    }

    [Fact]
    public async Task AlsaDeviceThatDoesNotOpen_OneLineExitTwo_BeforeAnythingGoesLive()
    {
        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", "k", "--stream", "it-audio",
            "--source", "testsrc", "--audio", "alsa:hw:63,0", "--log-file", _logFile,
        ]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("streamswarm: ALSA device 'hw:63,0' cannot be opened (cannot open audio device hw:63,0", result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task UnreadableAudioFile_OneLineExitTwo_BeforeAnythingGoesLive()
    {
        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", "k", "--stream", "it-audio",
            "--source", "testsrc", "--audio", "mp3:/no/such/music.mp3", "--log-file", _logFile,
        ]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(
            $"streamswarm: Audio file '/no/such/music.mp3' does not exist: check the path (relative to {Environment.CurrentDirectory}). Run 'streamswarm go-live --help' for usage.",
            result.SingleErrorLine());
        Assert.Empty(result.Output);
    }

    /// <summary>A child of <paramref name="parent"/> whose command line has <paramref name="sequence"/> in a row and <paramref name="also"/>; Linux /proc.</summary>
    private static int? FindChild(int parent, string[] sequence, string also)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) != parent)
                {
                    continue;
                }

                var args = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var at = Array.IndexOf(args, sequence[0]);
                if (at >= 0 && args.Skip(at).Take(sequence.Length).SequenceEqual(sequence) && args.Contains(also))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
        }

        return null;
    }

    /// <summary>Runs a tool to its end: its exit code and, for ffmpeg its stderr, for ffprobe its stdout.</summary>
    private static async Task<(int Code, string Text)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        var errors = await stderr;
        return (process.ExitCode, file == "ffprobe" ? output + errors : errors);
    }
}
