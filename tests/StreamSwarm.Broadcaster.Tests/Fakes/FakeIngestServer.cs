using System.Net;
using System.Text;

namespace StreamSwarm.Broadcaster.Tests.Fakes;

/// <summary>
/// An HttpMessageHandler that plays the server side of docs/ingest.md in memory: records every
/// request and answers from a per-request script (default: success).
/// </summary>
internal sealed class FakeIngestServer : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    /// <summary>Decides the answer; return null for the default success answer.</summary>
    public Func<RecordedRequest, int, HttpResponseMessage?>? Script { get; set; }

    /// <summary>Delay before each answer, to play a slow server.</summary>
    public TimeSpan Latency { get; set; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static HttpResponseMessage Problem(HttpStatusCode status, string detail) =>
        new(status)
        {
            Content = new StringContent($"{{\"title\":\"x\",\"detail\":\"{detail}\"}}", Encoding.UTF8, "application/problem+json"),
        };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!.AbsolutePath, headers, body);
        int index;
        lock (_gate)
        {
            _requests.Add(recorded);
            index = _requests.Count(r => r.Method == recorded.Method && r.Path == recorded.Path);
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        var scripted = Script?.Invoke(recorded, index);
        if (scripted is not null)
        {
            return scripted;
        }

        return request.Method.Method switch
        {
            "POST" => new HttpResponseMessage(HttpStatusCode.Created)
            {
                Content = new StringContent("{\"sessionId\":\"s1\",\"stream\":\"demo\"}", Encoding.UTF8, "application/json"),
            },
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        };
    }
}

internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
