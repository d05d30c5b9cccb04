using System.CommandLine;
using System.CommandLine.Help;
using StreamSwarm.Broadcaster.Broadcasting;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// The <c>streamswarm</c> command line. <see cref="RunAsync"/> is the whole program minus signal
/// handling, so tests run it in-process with captured writers and their own stop token.
/// </summary>
public static class BroadcasterCli
{
    /// <summary>Environment variable read when <c>--key</c> is absent (keeps the key out of <c>ps</c>).</summary>
    public const string KeyEnvironmentVariable = "STREAMSWARM_KEY";

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="stop">Cancelled on Ctrl+C / SIGTERM: the stream ends cleanly.</param>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var root = Build(console, stop);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Program.Main owns SIGINT/SIGTERM (first one ends cleanly, second forces).
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };

        if (parse.Action is not HelpAction && parse.Errors.Count > 0)
        {
            var messages = string.Join(" ", parse.Errors.Select(e => e.Message.TrimEnd('.') + "."));
            var command = parse.CommandResult.Command == root ? "streamswarm" : $"streamswarm {parse.CommandResult.Command.Name}";
            console.WriteError($"{messages} Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(invocation, stop);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug, not a user error: still one line, the stack trace goes nowhere near the UI.
            console.WriteError($"Unexpected failure ({ex.GetType().Name}): {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private static RootCommand Build(CliConsole console, CancellationToken stop)
    {
        var root = new RootCommand("StreamSwarm broadcaster: encode a source with ffmpeg and stream it live as LL-HLS to a StreamSwarm server.");
        root.Add(BuildGoLive(console, stop));
        root.Add(KeysCommands.Build(console, stop));
        root.SetAction(parse =>
        {
            console.WriteError("Missing command: run 'streamswarm go-live --help' to go live.");
            return ExitCodes.Usage;
        });
        return root;
    }

    private static Command BuildGoLive(CliConsole console, CancellationToken stop)
    {
        var server = new Option<string>("--server")
        {
            Description = "Base URL of the StreamSwarm server, e.g. http://127.0.0.1:8080. Required.",
            HelpName = "URL",
        };
        var key = new Option<string>("--key")
        {
            Description = $"Stream key made by 'StreamSwarm.Server keys create --stream NAME'. Required, or set {KeyEnvironmentVariable}.",
            HelpName = "KEY",
        };
        var stream = new Option<string>("--stream")
        {
            Description = "Stream name: 1-64 of a-z 0-9 - _, starting with a letter or digit. Required.",
            HelpName = "NAME",
        };
        var source = new Option<string>("--source")
        {
            Description = "What to encode: 'testsrc' (moving pattern, burned-in clock, 1 kHz tone) or 'file:PATH'. Required.",
            HelpName = "testsrc|file:PATH",
        };
        var loop = new Option<bool>("--loop")
        {
            Description = "Loop a file source forever instead of ending the stream at its end.",
        };
        var size = new Option<string>("--size")
        {
            Description = "Output video size WIDTHxHEIGHT (even numbers).",
            HelpName = "WxH",
            DefaultValueFactory = _ => GoLiveOptions.Defaults.Size,
        };
        var fps = new Option<string>("--fps")
        {
            Description = "Output frame rate, 1-120.",
            HelpName = "FPS",
            DefaultValueFactory = _ => GoLiveOptions.Defaults.Fps,
        };
        var bitrate = new Option<string>("--bitrate")
        {
            Description = "Video bitrate in bit/s, with k or M suffix (100k-50M).",
            HelpName = "RATE",
            DefaultValueFactory = _ => GoLiveOptions.Defaults.Bitrate,
        };
        var segment = new Option<string>("--segment")
        {
            Description = "Segment duration in seconds (0.5-10); also the keyframe interval.",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => GoLiveOptions.Defaults.Segment,
        };
        var part = new Option<string>("--part")
        {
            Description = "LL-HLS part duration in seconds (0.1-2, at most --segment).",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => GoLiveOptions.Defaults.Part,
        };
        var duration = new Option<string>("--duration")
        {
            Description = "Stop by itself after this many seconds (default: run until Ctrl+C).",
            HelpName = "SECONDS",
        };
        var audio = new Option<string[]>("--audio")
        {
            Description = "Mix this into the audio track through NAudio (repeat for several): 'tone[:HZ]', 'wav:PATH', 'mp3:PATH' (files loop), or live sound from 'alsa:DEVICE' or 'pulse:SOURCE' (captured by ffmpeg, e.g. alsa:default), on Windows 'wasapi[:NAME]'. Replaces the source's own sound.",
            HelpName = "tone[:HZ]|wav:PATH|mp3:PATH",
            AllowMultipleArgumentsPerToken = false,
        };
        var gain = new Option<string>("--gain")
        {
            Description = "Linear gain of each --audio source, comma separated in the same order, 0-4 (default 1 each), e.g. 0.5,1.0.",
            HelpName = "G1,G2,...",
        };
        var ladder = new Option<string>("--ladder")
        {
            Description = "ABR ladder from one ffmpeg process: comma-separated presets from 1080p, 720p, 480p, 360p, 240p, e.g. 720p,360p. The presets set size and bitrate: not to be combined with --size or --bitrate.",
            HelpName = "PRESETS",
        };
        var encoder = new Option<string>("--encoder")
        {
            Description = "H.264 encoder: auto (a hardware encoder that passes a test encode, else libx264), libx264, vaapi, nvenc, qsv.",
            HelpName = "NAME",
        };
        var outageBuffer = new Option<string>("--outage-buffer")
        {
            Description = "While the server cannot be reached, keep parts this long and send them when it returns; older ones are dropped (1-600 s, default 30s).",
            HelpName = "SECONDS",
        };
        var record = new Option<string>("--record")
        {
            Description = "Also record the top rendition to this local MP4 file (fragmented MP4, playable even if the broadcast is cut).",
            HelpName = "PATH.mp4",
        };
        var logFile = new Option<string>("--log-file")
        {
            Description = "Write the log here (default: streamswarm-STREAM.log in the temp directory).",
            HelpName = "PATH",
        };

        var command = new Command("go-live", "Go live: create a session on the server, encode the source with ffmpeg into CMAF parts and upload them as they are made. Ctrl+C ends the stream (the playlist gets EXT-X-ENDLIST); a second Ctrl+C forces exit. Exit codes: 0 ended cleanly, 1 broadcast failed (server unreachable, key refused, ffmpeg failed), 2 bad command line.")
        {
            server, key, stream, source, loop, size, fps, bitrate, segment, part, duration, logFile,
            ladder, encoder, outageBuffer, record, audio, gain,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var raw = new GoLiveOptionsParser.Raw(
                parse.GetValue(server),
                parse.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyEnvironmentVariable),
                parse.GetValue(stream),
                parse.GetValue(source),
                parse.GetValue(loop),
                // Null unless typed: the parser fills in the defaults, and --ladder refuses only what was asked for.
                parse.GetResult(size) is { Implicit: false } ? parse.GetValue(size) : null,
                parse.GetValue(fps),
                parse.GetResult(bitrate) is { Implicit: false } ? parse.GetValue(bitrate) : null,
                parse.GetValue(segment),
                parse.GetValue(part),
                parse.GetValue(duration),
                parse.GetValue(logFile))
            {
                Ladder = parse.GetValue(ladder),
                Encoder = parse.GetValue(encoder),
                OutageBuffer = parse.GetValue(outageBuffer),
                Record = parse.GetValue(record),
                Audio = parse.GetValue(audio),
                Gain = parse.GetValue(gain),
            };
            if (console.IsInteractive && GoLivePrompts.IsIncomplete(raw))
            {
                using var promptStop = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
                try
                {
                    raw = await GoLivePrompts.CompleteAsync(raw, console.CreateAnsiConsole(), promptStop.Token);
                }
                catch (OperationCanceledException)
                {
                    console.WriteError("Cancelled before going live.");
                    return ExitCodes.Forced;
                }
            }

            if (!GoLiveOptionsParser.TryParse(raw, out var options, out var error))
            {
                console.WriteError($"{error} Run 'streamswarm go-live --help' for usage.");
                return ExitCodes.Usage;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
            return await GoLiveRunner.RunAsync(options!, console, linked.Token);
        });
        return command;
    }
}
