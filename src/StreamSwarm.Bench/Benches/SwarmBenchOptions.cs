using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// Arguments of <c>streamswarm-bench swarm</c>: <c>--headless N</c> swarm viewers without video
/// (default 16), <c>--headless-http N</c> HTTP-only ones (1), <c>--per-page N</c> of them to a page
/// (4), <c>--engine name=value</c> SwarmConfig overrides for their engines (repeatable), <c>--viewers N</c>
/// Chromium players with the swarm (0: two players and 16 viewers are more than 2 cores hold), <c>--http N</c> HTTP-only players (0), <c>--seconds N</c> window (60), <c>--warmup N</c> (15), <c>--gap-ms N</c> between joins
/// (1000), <c>--size WxH</c> (426x240), <c>--bitrate R</c> (500k), <c>--viewers-per-fetcher N</c>
/// (the server's default; 0 = no hub-assigned origin fetchers, neighbourhood election only).
/// </summary>
public sealed partial record SwarmBenchOptions(int Viewers, int HttpViewers, int Seconds, int WarmUpSeconds, int JoinGapMs, string Size, string Bitrate)
{
    /// <summary>Swarm viewers without video.</summary>
    public int Headless { get; init; } = 16;

    /// <summary>HTTP-only viewers without video.</summary>
    public int HeadlessHttp { get; init; } = 1;

    /// <summary>SwarmConfig overrides for the engines of the viewers without video (<c>--engine name=value</c>, repeatable).</summary>
    public IReadOnlyDictionary<string, int> Engine { get; init; } = new Dictionary<string, int>();

    /// <summary>Viewers without video that share one page (one renderer).</summary>
    public int HeadlessPerPage { get; init; } = 4;

    /// <summary>The server's <c>StreamSwarm:Swarm:ViewersPerFetcher</c>; null leaves its default.</summary>
    public int? ViewersPerFetcher { get; init; }

    public static SwarmBenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new SwarmBenchOptions(0, 0, 60, 15, 1000, "426x240", "500k");
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--viewers" => o with { Viewers = Int(value, 0, 64, args[i]) },
                "--http" => o with { HttpViewers = Int(value, 0, 16, args[i]) },
                "--headless" => o with { Headless = Int(value, 0, 200, args[i]) },
                "--headless-http" => o with { HeadlessHttp = Int(value, 0, 16, args[i]) },
                "--engine" => EngineArgument(o, value),
                "--per-page" => o with { HeadlessPerPage = Int(value, 1, 64, args[i]) },
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

        if (o.Viewers + o.Headless == 0)
        {
            throw new ArgumentException("no swarm viewers: give --viewers or --headless more than 0");
        }

        if (o.HttpViewers + o.HeadlessHttp == 0)
        {
            throw new ArgumentException("no HTTP-only viewers to compare latency with: give --http or --headless-http more than 0");
        }

        return o;
    }

    private static SwarmBenchOptions EngineArgument(SwarmBenchOptions o, string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !EngineName().IsMatch(value[..eq]))
        {
            throw new ArgumentException($"--engine must be name=integer (a SwarmConfig field), not '{value}'");
        }

        return o with { Engine = new Dictionary<string, int>(o.Engine) { [value[..eq]] = Int(value[(eq + 1)..], 0, 1_000_000, "--engine " + value[..eq]) } };
    }

    private static int Int(string value, int min, int max, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be an integer {min}-{max}, not '{value}'");

    [GeneratedRegex(@"^[a-z][A-Za-z]{1,40}$")]
    private static partial Regex EngineName();

    [GeneratedRegex(@"^\d{2,4}x\d{2,4}$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^\d{2,5}k$")]
    private static partial Regex BitratePattern();
}
