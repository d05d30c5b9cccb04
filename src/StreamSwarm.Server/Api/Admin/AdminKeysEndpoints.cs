using System.Text.Json;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Keys;

namespace StreamSwarm.Server.Api.Admin;

/// <summary>
/// The keys admin API (docs/admin.md): <c>POST /api/admin/keys</c> makes a key and returns it once,
/// <c>GET /api/admin/keys</c> lists streams and dates (never keys), <c>DELETE /api/admin/keys/{stream}</c>
/// revokes. Every request carries <c>Authorization: Bearer &lt;admin token&gt;</c>; with no token
/// configured the API answers 403 and says how to turn it on.
/// </summary>
public static partial class AdminKeysEndpoints
{
    public const string Path = "/api/admin/keys";

    /// <summary>A create request is <c>{"stream":"name"}</c>; anything much larger is not one.</summary>
    public const int MaxRequestBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapAdminKeys(this IEndpointRouteBuilder endpoints)
    {
        // No CORS policy: a page on another origin has no business here.
        var group = endpoints.MapGroup(Path).AddEndpointFilter(AuthorizeAsync);
        group.MapGet("/", (StreamKeyStore keys) => Guard(() => Results.Ok(keys.List().Select(k => new KeyListingResponse(k.Stream, k.Created, k.Source)))));
        group.MapPost("/", CreateAsync);
        group.MapDelete("/{stream}", (string stream, StreamKeyStore keys, ILoggerFactory loggers) =>
        {
            if (MediaNames.Describe(stream, "Stream") is { } bad)
            {
                return Problem(StatusCodes.Status400BadRequest, bad);
            }

            return Guard(() =>
            {
                if (keys.Revoke(stream))
                {
                    LogRevoked(loggers.CreateLogger(typeof(AdminKeysEndpoints)), stream);
                    return Results.NoContent();
                }

                return Problem(
                    StatusCodes.Status404NotFound,
                    keys.HasConfiguredKey(stream)
                        ? $"Stream '{stream}' has no key in the keys file; its key comes from the server's configuration (StreamSwarm:Keys): remove it there."
                        : $"Stream '{stream}' has no key: nothing to revoke (GET {Path} lists the keys).");
            });
        });
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, StreamKeyStore keys, TimeProvider time, ILoggerFactory loggers)
    {
        if (context.Request.ContentLength is > MaxRequestBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"A create request is at most {MaxRequestBytes} bytes: send {{\"stream\":\"NAME\"}}.");
        }

        CreateKeyRequest? request;
        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[1024];
            int n;
            while ((n = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (limited.Length + n > MaxRequestBytes)
                {
                    return Problem(StatusCodes.Status413PayloadTooLarge, $"A create request is at most {MaxRequestBytes} bytes: send {{\"stream\":\"NAME\"}}.");
                }

                limited.Write(buffer, 0, n);
            }

            request = JsonSerializer.Deserialize<CreateKeyRequest>(limited.GetBuffer().AsSpan(0, (int)limited.Length), JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "The body is not JSON: send {\"stream\":\"NAME\"}.");
        }

        if (request?.Stream is not { } stream)
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing \"stream\": send {\"stream\":\"NAME\"}.");
        }

        if (MediaNames.Describe(stream, "Stream") is { } bad)
        {
            return Problem(StatusCodes.Status400BadRequest, bad);
        }

        return Guard(() =>
        {
            var created = keys.CreateKey(stream, time);
            // The key is in this body and nowhere else: no cache may keep a copy.
            context.Response.Headers.CacheControl = "no-store";
            LogCreated(loggers.CreateLogger(typeof(AdminKeysEndpoints)), stream, created.Replaced);
            return Results.Created($"{Path}/{stream}", new CreatedKeyResponse(created.Stream, created.Key, created.Created, created.Replaced));
        });
    }

    private static async ValueTask<object?> AuthorizeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var token = context.RequestServices.GetRequiredService<AdminToken>();
        if (!token.IsConfigured)
        {
            return Problem(StatusCodes.Status403Forbidden, "The admin API is off on this server: set StreamSwarm:AdminToken (environment StreamSwarm__AdminToken, 16+ characters) and restart it.");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        if (!token.Verify(presented))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            LogRefused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminKeysEndpoints)), context.Connection.RemoteIpAddress?.ToString() ?? "?", presented is null);
            return Problem(StatusCodes.Status401Unauthorized, presented is null
                ? "Missing admin token: send 'Authorization: Bearer <token>' with the server's StreamSwarm:AdminToken."
                : "Wrong admin token: use the server's StreamSwarm:AdminToken.");
        }

        return await next(invocation);
    }

    /// <summary>A broken or unwritable keys file is the server's problem, said plainly (500), not a crash page.</summary>
    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is KeysFileException or IOException or UnauthorizedAccessException)
        {
            return Problem(StatusCodes.Status500InternalServerError, $"The keys file cannot be used: {e.Message}");
        }
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    private sealed record CreateKeyRequest(string? Stream);

    private sealed record CreatedKeyResponse(string Stream, string Key, DateTimeOffset Created, bool Replaced);

    private sealed record KeyListingResponse(string Stream, DateTimeOffset? Created, string Source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API: key created for stream {Stream} (replaced an older one: {Replaced})")]
    private static partial void LogCreated(ILogger logger, string stream, bool replaced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API: key of stream {Stream} revoked")]
    private static partial void LogRevoked(ILogger logger, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin API: request from {Remote} refused (token missing: {Missing})")]
    private static partial void LogRefused(ILogger logger, string remote, bool missing);
}
