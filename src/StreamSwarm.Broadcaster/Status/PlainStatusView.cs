namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// For output that is not a terminal (CI, a log file): one <see cref="StatusFormat.Line"/> every
/// few seconds, so scripts can grep it and a log does not fill with redraw escapes.
/// </summary>
public sealed class PlainStatusView(TextWriter output, string stream, BroadcastStats stats, TimeSpan interval, TimeProvider time)
    : IStatusView
{
    /// <summary>By default a line every 5 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Write();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }

        Write();
    }

    private void Write()
    {
        // The writer may be shared with other threads writing whole lines.
        var line = StatusFormat.Line(stream, stats.Take());
        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
