using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace StreamSwarm.Broadcaster.Admin;

/// <summary>The client of the server's keys admin API (docs/admin.md). Every failure is an <see cref="AdminKeysException"/>.</summary>
public sealed class AdminKeysClient
{
    private readonly HttpClient _http;
    private readonly Uri _serverBase;
    private readonly string _token;

    public AdminKeysClient(HttpClient http, Uri serverBase, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(serverBase);
        ArgumentException.ThrowIfNullOrEmpty(token);
        _http = http;
        _serverBase = serverBase.AbsoluteUri.EndsWith('/') ? serverBase : new Uri(serverBase.AbsoluteUri + "/");
        _token = token;
    }

    /// <summary>A key as created: shown once, never again.</summary>
    public sealed record CreatedKey(string Stream, string Key, DateTimeOffset Created, bool Replaced);

    /// <summary>A key as listed: no key material.</summary>
    public sealed record KeyListing(string Stream, DateTimeOffset? Created, string Source);

    public async Task<CreatedKey> CreateAsync(string stream, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Post, "api/admin/keys");
        request.Content = JsonContent.Create(new { stream });
        using var response = await SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, cancellationToken);
        return await ReadAsync<CreatedKey>(response, cancellationToken);
    }

    public async Task<IReadOnlyList<KeyListing>> ListAsync(CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, "api/admin/keys");
        using var response = await SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
        return await ReadAsync<KeyListing[]>(response, cancellationToken);
    }

    public async Task RevokeAsync(string stream, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Delete, $"api/admin/keys/{Uri.EscapeDataString(stream)}");
        using var response = await SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.NoContent, cancellationToken);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(_serverBase, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AdminKeysException($"Cannot reach the server at {_serverBase.AbsoluteUri.TrimEnd('/')} ({ex.Message.TrimEnd('.')}): start it or fix --server.", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminKeysException($"The server at {_serverBase.AbsoluteUri.TrimEnd('/')} did not answer in time: check it is up, or fix --server.", ex);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode == expected)
        {
            return;
        }

        var detail = await ProblemDetailAsync(response, cancellationToken);
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new AdminKeysException($"The server refused the admin token ({status}): pass the server's StreamSwarm:AdminToken with --admin-token or STREAMSWARM_ADMIN_TOKEN."),
            HttpStatusCode.Forbidden => new AdminKeysException($"The server's admin API is off ({status}): {detail ?? "set StreamSwarm:AdminToken on the server"}"),
            HttpStatusCode.NotFound when detail is null => new AdminKeysException($"The server has no keys admin API ({status}): is --server a StreamSwarm server of this version?"),
            _ => new AdminKeysException($"The server answered {status}: {detail ?? response.ReasonPhrase ?? "no detail"}"),
        };
    }

    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()
                : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken)
                ?? throw new AdminKeysException("The server's answer is empty: is --server a StreamSwarm server of this version?");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new AdminKeysException($"The server's answer is not what the keys admin API sends ({ex.Message}): is --server a StreamSwarm server?", ex);
        }
    }
}
