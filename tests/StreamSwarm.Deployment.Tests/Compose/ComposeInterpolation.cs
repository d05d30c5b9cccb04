using System.Text;

namespace StreamSwarm.Deployment.Tests.Compose;

/// <summary>Thrown when a compose value cannot be interpolated: a required variable is unset, or the syntax is bad.</summary>
public sealed class ComposeInterpolationException(string message) : Exception(message);

/// <summary>
/// Docker Compose variable interpolation (compose-spec "Interpolation"): <c>$VAR</c>, <c>${VAR}</c>,
/// <c>${VAR:-default}</c> (unset or empty), <c>${VAR-default}</c> (unset), <c>${VAR:?error}</c>,
/// <c>${VAR?error}</c>, <c>${VAR:+replacement}</c>, <c>${VAR+replacement}</c>, and <c>$$</c> for a literal
/// <c>$</c>. Defaults are not themselves interpolated (nested expansion is rare in practice and
/// not used here).
/// </summary>
public static class ComposeInterpolation
{
    public static string Apply(string value, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(environment);
        var output = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c != '$')
            {
                output.Append(c);
                i++;
                continue;
            }

            if (i + 1 < value.Length && value[i + 1] == '$')
            {
                output.Append('$');
                i += 2;
                continue;
            }

            if (i + 1 < value.Length && value[i + 1] == '{')
            {
                var close = value.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new ComposeInterpolationException($"Unclosed '${{' in \"{value}\".");
                }

                output.Append(Expand(value[(i + 2)..close], environment, value));
                i = close + 1;
                continue;
            }

            var end = i + 1;
            while (end < value.Length && IsNameChar(value[end], end == i + 1))
            {
                end++;
            }

            if (end == i + 1)
            {
                // A lone '$' (e.g. at the end) stays as it is, as Compose does.
                output.Append('$');
                i++;
                continue;
            }

            output.Append(environment.TryGetValue(value[(i + 1)..end], out var v) ? v : string.Empty);
            i = end;
        }

        return output.ToString();
    }

    private static string Expand(string expression, IReadOnlyDictionary<string, string> environment, string whole)
    {
        var nameLength = 0;
        while (nameLength < expression.Length && IsNameChar(expression[nameLength], nameLength == 0))
        {
            nameLength++;
        }

        if (nameLength == 0)
        {
            throw new ComposeInterpolationException($"Bad variable '${{{expression}}}' in \"{whole}\".");
        }

        var name = expression[..nameLength];
        var rest = expression[nameLength..];
        var set = environment.TryGetValue(name, out var value);
        var nonEmpty = set && !string.IsNullOrEmpty(value);
        if (rest.Length == 0)
        {
            return value ?? string.Empty;
        }

        var colon = rest[0] == ':';
        var op = colon ? (rest.Length > 1 ? rest[1] : '\0') : rest[0];
        var argument = rest[(colon ? 2 : 1)..];
        var present = colon ? nonEmpty : set;
        return op switch
        {
            '-' => present ? value! : argument,
            '?' => present ? value! : throw new ComposeInterpolationException($"Required variable {name} is not set: {argument}"),
            '+' => present ? argument : string.Empty,
            _ => throw new ComposeInterpolationException($"Bad variable '${{{expression}}}' in \"{whole}\"."),
        };
    }

    private static bool IsNameChar(char c, bool first) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '_' || (!first && c is >= '0' and <= '9');
}
