using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// Polls the server's swarm stats for the dashboard every <see cref="Interval"/>. Failures are
/// shown, not fatal: the broadcast does not depend on them.
/// </summary>
public sealed partial class SwarmWatcher(HttpClient http, Uri serverBase, string stream, ILogger<SwarmWatcher> logger, TimeProvider time)
{
    /// <summary>The viewers report every 2 s (docs/signalling.md); polling faster shows nothing new.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>One poll may take this long before it counts as failed. Default 2 s.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private volatile SwarmReading? _latest;
    private volatile string? _problem;

    /// <summary>The last good reading; null until the first one.</summary>
    public SwarmReading? Latest => _latest;

    /// <summary>Why the last poll failed; null when it worked.</summary>
    public string? Problem => _problem;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(serverBase, $"api/streams/{Uri.EscapeDataString(stream)}/swarm");
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await PollAsync(uri, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
    }

    /// <summary>Reads the server's answer; null when it is not the documented shape.</summary>
    public static SwarmReading? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("peers", out var peers) || !peers.TryGetInt32(out var viewers) || viewers < 0
                || !root.TryGetProperty("offload", out var offload) || !offload.TryGetDouble(out var share) || share is < 0 or > 1)
            {
                return null;
            }

            return new SwarmReading(viewers, share, Long(root, "bytesFromPeers"), Long(root, "bytesFromOrigin"), Long(root, "originMediaBytesServed"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long Long(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d >= 0
            ? (long)d
            : 0;

    private async Task PollAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"swarm stats: HTTP {(int)response.StatusCode}"));
                return;
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (Parse(body) is { } reading)
            {
                _latest = reading;
                _problem = null;
            }
            else
            {
                Fail("swarm stats: unexpected answer from the server");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail("swarm stats: the server did not answer within 2 s");
        }
        catch (HttpRequestException ex)
        {
            Fail($"swarm stats: {ex.Message}");
        }
    }

    private void Fail(string problem)
    {
        if (_problem != problem)
        {
            LogPollFailed(logger, problem);
        }

        _problem = problem;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Polling the swarm stats failed: {Problem}")]
    private static partial void LogPollFailed(ILogger logger, string problem);
}
