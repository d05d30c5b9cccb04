using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Embed;

/// <summary>
/// A link to one stream on this server, as a CMS hands it to <c>/oembed</c>: <c>/watch/{stream}</c>
/// or <c>/embed/{stream}</c> (one trailing slash, any query and fragment tolerated) on the server's
/// own host.
/// </summary>
public static class StreamPageUrl
{
    private static readonly string[] Prefixes = ["/watch/", "/embed/"];

    /// <summary>Why a URL was not taken.</summary>
    public enum Failure
    {
        Unknown = 0,

        /// <summary>Not an absolute http(s) URL: the request is malformed (400).</summary>
        NotAnHttpUrl,

        /// <summary>A URL of another site or not a stream page: nothing to embed here (404).</summary>
        NotOurs,
    }

    /// <summary>
    /// Reads the stream name from <paramref name="url"/> when it points at a stream page on
    /// <paramref name="host"/> (host and port as the request carried them, compared ignoring case).
    /// </summary>
    public static bool TryParse(string? url, string host, out string stream, out Failure failure)
    {
        stream = string.Empty;
        failure = Failure.NotAnHttpUrl;
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0)
        {
            return false;
        }

        failure = Failure.NotOurs;
        if (!string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", host, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var path = uri.AbsolutePath;
        foreach (var prefix in Prefixes)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = path[prefix.Length..];
            if (name.EndsWith('/'))
            {
                name = name[..^1];
            }

            if (MediaNames.IsValid(name))
            {
                stream = name;
                failure = Failure.Unknown;
                return true;
            }
        }

        return false;
    }
}
