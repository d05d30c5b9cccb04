using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// Arguments of <c>streamswarm-bench swarm</c>: <c>--viewers N</c> (default 12), <c>--http N</c>
/// (2), <c>--seconds N</c> window (60), <c>--warmup N</c> (15), <c>--gap-ms N</c> between joins
/// (1000), <c>--size WxH</c> (426x240), <c>--bitrate R</c> (500k), <c>--viewers-per-fetcher N</c>
/// (the server's default; 0 = no hub-assigned origin fetchers, neighbourhood election only).
/// </summary>
public sealed partial record SwarmBenchOptions(int Viewers, int HttpViewers, int Seconds, int WarmUpSeconds, int JoinGapMs, string Size, string Bitrate)
{
    /// <summary>The server's <c>StreamSwarm:Swarm:ViewersPerFetcher</c>; null leaves its default.</summary>
    public int? ViewersPerFetcher { get; init; }

    public static SwarmBenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SwarmBenchOptions(12, 2, 60, 15, 1000, "426x240", "500k");
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--viewers" => o with { Viewers = Int(value, 1, 64, args[i]) },
                "--http" => o with { HttpViewers = Int(value, 1, 16, args[i]) },
                "--seconds" => o with { Seconds = Int(value, 5, 3600, args[i]) },
                "--warmup" => o with { WarmUpSeconds = Int(value, 0, 600, args[i]) },
                "--gap-ms" => o with { JoinGapMs = Int(value, 0, 60_000, args[i]) },
                "--viewers-per-fetcher" => o with { ViewersPerFetcher = Int(value, 0, 100_000, args[i]) },
                "--size" => SizePattern().IsMatch(value) ? o with { Size = value } : throw new ArgumentException($"--size must be WIDTHxHEIGHT, not '{value}'"),
                "--bitrate" => BitratePattern().IsMatch(value) ? o with { Bitrate = value } : throw new ArgumentException($"--bitrate must be like 500k, not '{value}'"),
                _ => throw new ArgumentException($"unknown argument '{args[i]}' (see SwarmBenchOptions)"),
            };
            i++;
        }

        return o;
    }

    private static int Int(string value, int min, int max, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be an integer {min}-{max}, not '{value}'");

    [GeneratedRegex(@"^\d{2,4}x\d{2,4}$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^\d{2,5}k$")]
    private static partial Regex BitratePattern();
}
