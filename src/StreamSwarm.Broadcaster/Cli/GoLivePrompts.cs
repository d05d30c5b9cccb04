using Spectre.Console;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Asks for what <c>go-live</c> needs and was not given, when a person is at the terminal. Each
/// answer is checked with the same rule as the option, so what the prompts accept always parses.
/// </summary>
public static class GoLivePrompts
{
    /// <summary>The server a first try on one machine talks to (the server's default port).</summary>
    public const string DefaultServer = "http://127.0.0.1:8080";

    public const string DefaultSource = "testsrc";

    public static bool IsIncomplete(GoLiveOptionsParser.Raw raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return string.IsNullOrWhiteSpace(raw.Server) || string.IsNullOrEmpty(raw.Key)
            || string.IsNullOrWhiteSpace(raw.Stream) || string.IsNullOrWhiteSpace(raw.Source);
    }

    /// <summary>Prompts for each missing one of --server, --stream, --key and --source.</summary>
    /// <exception cref="OperationCanceledException">Ctrl+C at a prompt.</exception>
    public static async Task<GoLiveOptionsParser.Raw> CompleteAsync(GoLiveOptionsParser.Raw raw, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(console);
        if (string.IsNullOrWhiteSpace(raw.Server))
        {
            var prompt = new TextPrompt<string>("Server URL:")
                .DefaultValue(DefaultServer)
                .Validate(text => Check(GoLiveOptionsParser.TryParseServer(text, out _)));
            raw = raw with { Server = await prompt.ShowAsync(console, cancellationToken) };
        }

        if (string.IsNullOrWhiteSpace(raw.Stream))
        {
            var prompt = new TextPrompt<string>("Stream name:")
                .Validate(text => Check(MediaNames.Describe(text, "Stream")));
            raw = raw with { Stream = await prompt.ShowAsync(console, cancellationToken) };
        }

        if (string.IsNullOrEmpty(raw.Key))
        {
            var prompt = new TextPrompt<string>($"Stream key for '{Markup.Escape(raw.Stream!)}':")
                .Secret()
                .Validate(text => Check(GoLiveOptionsParser.DescribeKey(text)));
            raw = raw with { Key = await prompt.ShowAsync(console, cancellationToken) };
        }

        if (string.IsNullOrWhiteSpace(raw.Source))
        {
            var prompt = new TextPrompt<string>("Source (testsrc, file:PATH, v4l2:DEVICE, x11grab:DISPLAY):")
                .DefaultValue(DefaultSource)
                .Validate(text => Check(GoLiveOptionsParser.TryParseSource(text, raw.Loop, out _)));
            raw = raw with { Source = await prompt.ShowAsync(console, cancellationToken) };
        }

        return raw;
    }

    private static ValidationResult Check(string? error) =>
        error is null ? ValidationResult.Success() : ValidationResult.Error($"[red]{Markup.Escape(error)}[/]");
}
