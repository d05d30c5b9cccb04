using System.Text;
using System.Text.RegularExpressions;

namespace StreamSwarm.Deployment.Tests.Docker;

/// <summary>
/// Path patterns as Docker reads them in <c>.dockerignore</c> and <c>COPY</c> sources: Go's
/// <c>filepath.Match</c> (<c>*</c> and <c>?</c> stay within one path segment, <c>[...]</c> classes,
/// <c>\</c> escapes) plus <c>**</c> for any number of segments. Paths are '/'-separated and
/// relative to the build context, without a leading '/' or './'.
/// </summary>
public sealed class PathPattern
{
    private readonly Regex _regex;

    public PathPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Text = Normalize(pattern);
        _regex = new Regex("^" + ToRegex(Text) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Text { get; }

    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Cleans a path the way Docker does before matching: '\' to '/', no './', no leading or trailing '/'.</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = new List<string>();
        foreach (var segment in path.Trim().Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    public bool IsMatch(string path) => _regex.IsMatch(Normalize(path));

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        // '**/' : zero or more whole segments.
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"Pattern '{pattern}': unclosed '['.");
                    }

                    var body = pattern[(i + 1)..close];
                    if (body.StartsWith('^') || body.StartsWith('!'))
                    {
                        body = "^" + body[1..];
                    }

                    sb.Append('[').Append(body.Replace("/", string.Empty, StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }
}
