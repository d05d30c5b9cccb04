using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>
/// The client side of docs/ingest.md: one method per request. It does not retry; it classifies
/// every failure into an <see cref="IngestException"/> so the caller decides (see <see cref="UploadQueue"/>).
/// </summary>
public sealed class IngestClient
{
    private readonly HttpClient _http;
    private readonly Uri _serverBase;
    private readonly string _key;
    private readonly string _stream;

    /// <param name="http">Shared client; its handler decides connect timeouts.</param>
    /// <param name="serverBase">Server URL ending in '/', so relative paths keep a base path.</param>
    public IngestClient(HttpClient http, Uri serverBase, string key, string stream)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(serverBase);
        _http = http;
        _serverBase = serverBase.AbsoluteUri.EndsWith('/') ? serverBase : new Uri(serverBase.AbsoluteUri + "/");
        _key = key;
        _stream = stream;
    }

    public Uri ServerBase => _serverBase;

    /// <summary>Builds the client used by the CLI: short connect timeout so an unreachable server is noticed fast.</summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(20),
        };

    /// <summary><c>POST /api/ingest/{stream}/sessions</c>; returns the session id.</summary>
    public async Task<string> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        using var message = NewRequest(HttpMethod.Post, $"api/ingest/{_stream}/sessions");
        message.Content = JsonContent.Create(request, IngestJsonContext.Default.SessionRequest);
        using var response = await SendAsync(message, "create the session", cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync(response, "create the session", cancellationToken);
        }

        SessionResponse? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync(IngestJsonContext.Default.SessionResponse, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new IngestException(IngestFailure.Rejected, response.StatusCode, $"The server's answer to the session request is not JSON ({ex.Message}); is --server a StreamSwarm server?", ex);
        }

        if (string.IsNullOrEmpty(body?.SessionId))
        {
            throw new IngestException(IngestFailure.Rejected, response.StatusCode, "The server's answer to the session request has no sessionId; is --server a StreamSwarm server of this version?");
        }

        return body.SessionId;
    }

    /// <summary><c>PUT …/{rendition}/init</c> or <c>PUT …/{rendition}/parts/{msn}/{part}</c> with the headers of docs/ingest.md.</summary>
    public async Task UploadAsync(string sessionId, UploadItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var basePath = $"api/ingest/{_stream}/sessions/{Uri.EscapeDataString(sessionId)}/{item.Rendition}";
        var path = item switch
        {
            InitUpload => basePath + "/init",
            PartUpload p => string.Create(CultureInfo.InvariantCulture, $"{basePath}/parts/{p.Info.MediaSequence}/{p.Info.PartIndex}"),
            _ => throw new ArgumentException($"Unknown upload {item.GetType().Name}.", nameof(item)),
        };

        using var message = NewRequest(HttpMethod.Put, path);
        var content = new ReadOnlyMemoryContent(item.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(item is InitUpload ? "video/mp4" : "video/iso.segment");
        message.Content = content;
        if (item is PartUpload part)
        {
            var info = part.Info;
            message.Headers.Add("X-Part-Duration", info.DurationSeconds.ToString("0.000###", CultureInfo.InvariantCulture));
            message.Headers.Add("X-Part-Independent", info.Independent ? "true" : "false");
            message.Headers.Add("X-Program-Date-Time", FormatProgramDateTime(info.ProgramDateTime));
            if (!info.Hash.IsEmpty)
            {
                message.Headers.Add("X-Content-SHA256", info.Hash.ToHex());
            }

            if (part.Discontinuity)
            {
                message.Headers.Add("X-Discontinuity", "true");
            }
        }

        var what = $"upload {item.Describe()}";
        using var response = await SendAsync(message, what, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, what, cancellationToken);
        }
    }

    /// <summary><c>DELETE /api/ingest/{stream}/sessions/{id}</c>: the playlists get EXT-X-ENDLIST.</summary>
    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        using var message = NewRequest(HttpMethod.Delete, $"api/ingest/{_stream}/sessions/{Uri.EscapeDataString(sessionId)}");
        using var response = await SendAsync(message, "end the session", cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw await FailureAsync(response, "end the session", cancellationToken);
        }
    }

    /// <summary>ISO 8601 UTC with milliseconds, the form EXT-X-PROGRAM-DATE-TIME uses.</summary>
    public static string FormatProgramDateTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private HttpRequestMessage NewRequest(HttpMethod method, string relative)
    {
        var message = new HttpRequestMessage(method, new Uri(_serverBase, relative));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        return message;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? DescribeSocketError(socket.SocketErrorCode) : ex.Message;
            throw new IngestException(IngestFailure.Unreachable, null, $"Cannot reach the server at {_serverBase.GetLeftPart(UriPartial.Authority)} to {what}: {reason}.", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IngestException(IngestFailure.Unreachable, null, $"The server at {_serverBase.GetLeftPart(UriPartial.Authority)} did not answer in time to {what}.", ex);
        }
    }

    private static string DescribeSocketError(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused (is the server running on that port?)",
        SocketError.HostNotFound or SocketError.NoData => "host not found (check the host name in --server)",
        SocketError.TimedOut => "connection timed out",
        SocketError.ConnectionReset => "connection reset",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
        _ => error.ToString(),
    };

    private async Task<IngestException> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var detail = await ReadDetailAsync(response, cancellationToken);
        var code = (int)status;
        var suffix = detail is null ? string.Empty : $": {detail}";
        return status switch
        {
            HttpStatusCode.Unauthorized => new IngestException(
                IngestFailure.Unauthorized, status,
                $"The server refused the stream key for '{_stream}' (401){suffix}. Check --key: it must be the key created for this stream."),
            HttpStatusCode.Conflict => new IngestException(IngestFailure.Conflict, status, $"The server could not {what} (409 conflict){suffix}"),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => new IngestException(
                IngestFailure.ServerBusy, status, $"The server could not {what} now ({code}){suffix}"),
            _ when code >= 500 => new IngestException(IngestFailure.ServerBusy, status, $"The server failed to {what} ({code}){suffix}"),
            HttpStatusCode.NotFound when detail is null => new IngestException(
                IngestFailure.Rejected, status,
                $"The server has no ingest API at {response.RequestMessage?.RequestUri} (404); is --server a StreamSwarm server?"),
            _ => new IngestException(IngestFailure.Rejected, status, $"The server rejected the request to {what} ({code}){suffix}"),
        };
    }

    private static async Task<string?> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var media = response.Content.Headers.ContentType?.MediaType;
            if (media is not null && media.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                var problem = await response.Content.ReadFromJsonAsync(IngestJsonContext.Default.ProblemDetails, cancellationToken);
                var text = problem?.Detail ?? problem?.Title;
                return string.IsNullOrWhiteSpace(text) ? null : OneLine(text);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(body) || body.Length > 300 ? null : OneLine(body);
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
