using Spectre.Console;
using Spectre.Console.Rendering;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>The terminal dashboard: a Spectre.Console live table redrawn about twice a second.</summary>
public sealed class LiveDashboardView(IAnsiConsole console, string stream, string server, BroadcastStats stats) : IStatusView
{
    /// <summary>Redraw period; 2 per second is smooth enough for counters and cheap.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

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

    private IRenderable Render(BroadcastStats.Snapshot s)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"[bold red]●[/] [bold]LIVE[/] {Markup.Escape(stream)}")
            .AddColumn(new TableColumn("[grey]what[/]"))
            .AddColumn(new TableColumn("[grey]value[/]").RightAligned());
        Row(table, "server", server);
        Row(table, "elapsed", StatusFormat.Elapsed(s.Elapsed));
        Row(table, "fps", StatusFormat.Fps(s.EncoderFps));
        Row(table, "speed", StatusFormat.Speed(s.EncoderSpeed), s.EncoderSpeed is > 0 and < 0.95 ? "yellow" : null);
        Row(table, "bitrate", StatusFormat.BitrateKbps(s.EncoderBitrateKbps));
        Row(table, "parts sent", s.PartsSent.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(table, "segments", s.Segments.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(table, "bytes sent", StatusFormat.Bytes(s.BytesSent));
        Row(table, "last upload (ms)", StatusFormat.UploadMs(s.LastUploadMs));
        Row(table, "upload errors / retries", $"{s.UploadErrors} / {s.Retries}", s.UploadErrors > 0 ? "yellow" : null);
        Row(table, "queue depth", s.QueueDepth.ToString(System.Globalization.CultureInfo.InvariantCulture), s.QueueDepth > 4 ? "yellow" : null);
        table.Caption("[grey]Ctrl+C ends the stream[/]");
        return table;
    }

    private static void Row(Table table, string name, string value, string? color = null)
    {
        var text = Markup.Escape(value);
        table.AddRow(new Markup(name), new Markup(color is null ? text : $"[{color}]{text}[/]"));
    }
}
