using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// Glass-to-glass latency on loopback over HTTP (LL-HLS): the server and a test-pattern broadcast
/// run as real processes, headless Chromium plays /watch/{stream}, and once a second the page grabs
/// the frame it is showing together with its own wall clock. The wall clock burned into that
/// frame at capture is read back with tesseract, so the figure is what a person would see, not
/// what the player believes; the player's own estimate from EXT-X-PROGRAM-DATE-TIME is printed
/// beside it.
/// </summary>
public sealed partial class LatencyBench : IBench
{
    private const double GoalSeconds = 3.0;

    public string Name => "latency";

    public string Description => "glass-to-glass latency over LL-HLS: burned-in capture clock vs browser display time";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var samples = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        await using var rig = await LiveRig.StartServerAsync("latency", "bench-latency", cancellationToken);
        await rig.StartBroadcastAsync("bench-latency", ["--size", "1280x720", "--fps", "30"]);
        using var http = new HttpClient();
        await rig.WaitForSegmentsAsync(http, 2, TimeSpan.FromSeconds(60));

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            await page.GotoAsync(rig.WatchUri.ToString());
            await page.WaitForFunctionAsync("() => { const v = document.querySelector('video'); return v && v.currentTime > 0.5; }", null, new() { Timeout = 30_000 });
            await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken);

            var glass = new List<double>();
            var pdt = new List<double>();
            var unread = 0;
            var folder = Directory.CreateTempSubdirectory("streamswarm-ocr-").FullName;
            for (var i = 0; i < samples && !cancellationToken.IsCancellationRequested; i++)
            {
                var grab = await page.EvaluateAsync<JsonElement>(GrabScript);
                var shownAt = grab.GetProperty("t").GetDouble();
                if (grab.GetProperty("pdt").ValueKind == JsonValueKind.Number)
                {
                    pdt.Add(grab.GetProperty("pdt").GetDouble());
                }

                var png = Path.Combine(folder, $"clock-{i}.png");
                var dataUrl = grab.GetProperty("png").GetString()!;
                await File.WriteAllBytesAsync(png, Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]), cancellationToken);
                if (await ReadClockAsync(png, cancellationToken) is { } captured)
                {
                    glass.Add(LatencySeconds(shownAt, captured));
                }
                else
                {
                    unread++;
                }

                await Task.Delay(1000, cancellationToken);
            }

            Directory.Delete(folder, recursive: true);
            output.WriteLine($"Server and broadcaster as processes on 127.0.0.1, 1280x720 30 fps, 2 s segments, 0.5 s parts; Chromium {browser.Version} headless; {samples} samples 1 s apart after 6 s of play.");
            output.WriteLine();
            output.WriteLine("| measure | samples | median s | p90 s | min s | max s | goal s | median / goal |");
            output.WriteLine("|---|---|---|---|---|---|---|---|");
            Row(output, "glass-to-glass (burned-in clock, OCR)", glass);
            Row(output, "player estimate (now − EXT-X-PROGRAM-DATE-TIME)", pdt);
            output.WriteLine();
            output.WriteLine($"Frames whose clock could not be read: {unread} of {samples}.");
            return glass.Count >= samples / 2 ? 0 : 1;
        }
    }

    /// <summary>Milliseconds since UTC midnight shown by the page, minus the clock in the frame, wrapping at midnight.</summary>
    internal static double LatencySeconds(double shownAtUnixMs, TimeSpan capturedTimeOfDay)
    {
        var shown = shownAtUnixMs % 86_400_000;
        var delta = shown - capturedTimeOfDay.TotalMilliseconds;
        if (delta < -43_200_000)
        {
            delta += 86_400_000;
        }

        return delta / 1000;
    }

    private static void Row(TextWriter output, string name, List<double> values)
    {
        if (values.Count == 0)
        {
            output.WriteLine($"| {name} | 0 | – | – | – | – | {GoalSeconds:0.0} | – |");
            return;
        }

        values.Sort();
        var median = values[values.Count / 2];
        var p90 = values[Math.Min(values.Count - 1, (int)Math.Ceiling(values.Count * 0.9) - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {values.Count} | {median:0.000} | {p90:0.000} | {values[0]:0.000} | {values[^1]:0.000} | {GoalSeconds:0.0} | {median / GoalSeconds:0.00} |"));
    }

    private static async Task<TimeSpan?> ReadClockAsync(string png, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("tesseract") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { png, "stdout", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789:." })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("tesseract did not start (apt-get install tesseract-ocr)");
        var text = await p.StandardOutput.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken);
        var m = ClockPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var g = m.Groups;
        return new TimeSpan(0, int.Parse(g[1].Value, CultureInfo.InvariantCulture), int.Parse(g[2].Value, CultureInfo.InvariantCulture), int.Parse(g[3].Value, CultureInfo.InvariantCulture), int.Parse(g[4].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"([01]\d|2[0-3]):([0-5]\d):([0-5]\d)\.(\d{3})")]
    private static partial Regex ClockPattern();

    // The clock sits bottom-centre, font height h/12 (Media's LiveEncodeArguments.ClockFilter):
    // at 1280x720 that is about x 424-856, y 600-668. The crop is scaled 2x because tesseract
    // reads larger glyphs more reliably.
    private const string GrabScript =
        """
        () => {
          const v = document.querySelector('video');
          const t = Date.now();
          const sx = v.videoWidth / 1280, sy = v.videoHeight / 720;
          const c = document.createElement('canvas');
          c.width = 1200; c.height = 220;
          const g = c.getContext('2d');
          g.drawImage(v, 340 * sx, 580 * sy, 600 * sx, 110 * sy, 0, 0, c.width, c.height);
          const viewer = window.streamSwarmViewer;
          return { t, png: c.toDataURL('image/png'), pdt: viewer ? viewer.latencySeconds : null };
        }
        """;
}
