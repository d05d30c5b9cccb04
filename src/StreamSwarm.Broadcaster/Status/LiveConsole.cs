using Microsoft.Extensions.Logging;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Media.Audio;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// The console side of a live run besides the status view: the NAudio mix the dashboard meters and
/// mutes, the swarm poll, and the keys (<c>q</c> ends the stream like Ctrl+C, <c>m</c> mutes).
/// </summary>
public static partial class LiveConsole
{
    /// <summary>Opens the <c>--audio</c> sources into one mixer; null mixer when there are none.</summary>
    public static bool TryOpenAudio(GoLiveOptions options, ILoggerFactory? loggers, out AudioMixer? mixer, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        mixer = null;
        error = null;
        if (options.Audio.Count == 0)
        {
            return true;
        }

        var inputs = new List<AudioMixerInput>(options.Audio.Count);
        foreach (var audio in options.Audio)
        {
            try
            {
                inputs.Add(audio.Open(loggers));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or FfmpegNotFoundException)
            {
                // Opened fine while parsing; it changed since.
                inputs.ForEach(i => i.Dispose());
                error = $"Audio source '{audio}' cannot be played ({ex.Message.ReplaceLineEndings(" ").TrimEnd('.')}): check the file.";
                return false;
            }
        }

        mixer = new AudioMixer(inputs);
        return true;
    }

    /// <summary>Polls the swarm and reads keys until <paramref name="cancellationToken"/>; <c>q</c> cancels <paramref name="broadcast"/>.</summary>
    public static async Task RunAsync(CliConsole console, DashboardFeeds feeds, CancellationTokenSource broadcast, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(broadcast);
        var swarm = feeds.Swarm?.RunAsync(cancellationToken) ?? Task.CompletedTask;
        var keys = Task.CompletedTask;
        if (console.IsInteractive)
        {
            var commands = new KeyCommands(
                () =>
                {
                    LogEndKey(logger);
                    broadcast.Cancel();
                },
                () =>
                {
                    if (feeds.Mixer is { } mixer)
                    {
                        LogMute(logger, "mix", mixer.ToggleMute());
                    }
                },
                index =>
                {
                    if (feeds.Mixer is { } mixer && index < mixer.Inputs.Count)
                    {
                        var input = mixer.Inputs[index];
                        input.Muted = !input.Muted;
                        LogMute(logger, input.Description, input.Muted);
                    }
                });
            keys = Task.Run(() => commands.RunAsync(cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(swarm, keys);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "'q' pressed: ending the stream")]
    private static partial void LogEndKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audio {What} muted: {Muted}")]
    private static partial void LogMute(ILogger logger, string what, bool muted);
}
