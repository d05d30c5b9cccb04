using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// The terminal dashboard, redrawn about twice a second: one row per rendition (fps, speed, encoder
/// and measured bitrate), audio meters, upload health, viewers and P2P share, the last warnings, and
/// the keys. Sized to fit a 80x24 terminal with a four-rung ladder and two audio sources.
/// </summary>
public sealed class LiveDashboardView(IAnsiConsole console, string stream, string server, BroadcastStats stats, DashboardFeeds? feeds = null)
    : IStatusView
{
    /// <summary>Redraw period; 2 per second is smooth enough for counters and meters, and cheap.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly DashboardFeeds _feeds = feeds ?? new DashboardFeeds();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await console.Live(Render(stats.Take()))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                using var timer = new PeriodicTimer(RefreshInterval);
                try
                {
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        context.UpdateTarget(Render(stats.Take()));
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping is the normal way out.
                }

                context.UpdateTarget(Render(stats.Take()));
            });
    }

    /// <summary>The whole dashboard for one reading of the counters.</summary>
    public IRenderable Render(BroadcastStats.Snapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rows = new List<IRenderable>(8)
        {
            new Markup($"[bold red]●[/] [bold]LIVE[/] {Markup.Escape(stream)}  [grey]{StatusFormat.Elapsed(s.Elapsed)}[/]  {Markup.Escape(_feeds.WatchUrl?.ToString() ?? server)}"),
            Renditions(s),
        };
        if (_feeds.Mixer is { } mixer)
        {
            rows.Add(Audio(mixer));
        }

        rows.Add(Upload(s));
        rows.Add(Swarm());
        rows.Add(Warnings());
        rows.Add(new Markup(_feeds.Mixer is null
            ? "[grey]keys:[/] [bold]q[/] end the stream"
            : "[grey]keys:[/] [bold]q[/] end the stream  [bold]m[/] mute/unmute audio  [bold]1-9[/] mute a source"));
        return new Rows(rows);
    }

    private static Table Renditions(BroadcastStats.Snapshot s)
    {
        var table = new Table()
            .Border(TableBorder.Simple)
            .AddColumn("rendition")
            .AddColumn(new TableColumn("fps").RightAligned())
            .AddColumn(new TableColumn("speed").RightAligned())
            .AddColumn(new TableColumn("bitrate").RightAligned())
            .AddColumn(new TableColumn("parts").RightAligned())
            .AddColumn(new TableColumn("made").RightAligned());
        if (s.Renditions.Count == 0)
        {
            // Before the first part, or an encoder that reports totals only.
            AddRendition(table, new RenditionReading("main", s.EncoderFps, s.EncoderSpeed, s.EncoderBitrateKbps, 0, s.PartsSent, s.BytesSent));
        }

        foreach (var r in s.Renditions)
        {
            AddRendition(table, r);
        }

        return table;
    }

    private static void AddRendition(Table table, RenditionReading r)
    {
        var speed = Markup.Escape(StatusFormat.Speed(r.Speed));
        // What viewers download (measured over the last parts); ffmpeg's own figure until parts come.
        var kbps = r.MeasuredKbps > 0 ? r.MeasuredKbps : r.EncoderKbps;
        table.AddRow(
            Markup.Escape(r.Name),
            StatusFormat.Fps(r.Fps),
            r.Speed is > 0 and < 0.95 ? $"[yellow]{speed}[/]" : speed,
            Markup.Escape(StatusFormat.BitrateKbps(kbps)),
            r.Parts.ToString(CultureInfo.InvariantCulture),
            Markup.Escape(StatusFormat.Bytes(r.Bytes)));
    }

    private static Grid Audio(AudioMixer mixer)
    {
        var grid = new Grid().AddColumn().AddColumn().AddColumn(new GridColumn().RightAligned()).AddColumn(new GridColumn().RightAligned());
        var mix = mixer.Meter.Take();
        grid.AddRow(
            new Markup(mixer.Muted ? "[bold]audio[/] [red]MUTED[/]" : "[bold]audio[/] mix"),
            new Markup(LevelMeter.Markup(mix, mixer.Muted)),
            new Markup("peak " + LevelMeter.Db(mix.PeakDb)),
            new Markup("rms " + LevelMeter.Db(mix.RmsDb)));
        for (var i = 0; i < mixer.Inputs.Count; i++)
        {
            var input = mixer.Inputs[i];
            var levels = input.Meter.Take();
            var state = input.Muted ? " [red]muted[/]" : input.Ended ? " [grey]ended[/]" : string.Empty;
            grid.AddRow(
                new Markup(string.Create(CultureInfo.InvariantCulture, $"  {i + 1} {Markup.Escape(Shorten(input.Description, 18))}{state}")),
                new Markup(LevelMeter.Markup(levels, input.Muted)),
                new Markup("peak " + LevelMeter.Db(levels.PeakDb)),
                new Markup(string.Create(CultureInfo.InvariantCulture, $"gain {input.Gain:0.00}")));
        }

        return grid;
    }

    private static Markup Upload(BroadcastStats.Snapshot s)
    {
        var queue = s.QueueDepth > 4 ? $"[yellow]{s.QueueDepth}[/]" : s.QueueDepth.ToString(CultureInfo.InvariantCulture);
        var errors = s.UploadErrors > 0 ? $"[yellow]{s.UploadErrors}[/]" : "0";
        return new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]upload[/] queue {queue} · last {StatusFormat.UploadMs(s.LastUploadMs)} ms · retries {s.Retries} · errors {errors} · sent {Markup.Escape(StatusFormat.Bytes(s.BytesSent))} · {PartsText(s)}, {s.Segments} segments"));
    }

    /// <summary>Parts are uploaded per rendition, segments are the stream's: with a ladder the part count says so.</summary>
    private static string PartsText(BroadcastStats.Snapshot s) => s.Renditions.Count > 1
        ? string.Create(CultureInfo.InvariantCulture, $"{s.PartsSent} parts over {s.Renditions.Count} renditions")
        : string.Create(CultureInfo.InvariantCulture, $"{s.PartsSent} parts");

    private Markup Swarm()
    {
        if (_feeds.Swarm is not { } swarm)
        {
            return new Markup("[bold]viewers[/] [grey]-[/]");
        }

        var problem = swarm.Problem is { } p ? $"  [yellow]{Markup.Escape(Shorten(p, 40))}[/]" : string.Empty;
        if (swarm.Latest is not { } r)
        {
            return new Markup("[bold]viewers[/] [grey]waiting for the server[/]" + problem);
        }

        return new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"[bold]viewers[/] {r.Viewers} · P2P share {r.PeerShare * 100:0}% · from peers {Markup.Escape(StatusFormat.Bytes(r.BytesFromPeers))} · origin served {Markup.Escape(StatusFormat.Bytes(r.OriginBytesServed))}{problem}"));
    }

    private IRenderable Warnings()
    {
        var entries = _feeds.Warnings?.Take() ?? [];
        if (entries.Count == 0)
        {
            return new Markup("[bold]recent[/] [grey]nothing to report[/]");
        }

        var lines = new List<IRenderable>(entries.Count + 1) { new Markup("[bold]recent[/]") };
        foreach (var e in entries)
        {
            var color = e.Level >= Microsoft.Extensions.Logging.LogLevel.Error ? "red" : e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning ? "yellow" : "default";
            lines.Add(new Markup(string.Create(CultureInfo.InvariantCulture, $"  [grey]{e.At:HH:mm:ss}[/] [{color}]{Markup.Escape(Shorten(e.Message, 66))}[/]")));
        }

        return new Rows(lines);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
