namespace StreamSwarm.Deployment.Tests.Docker;

/// <summary>
/// A <c>.dockerignore</c>: one pattern a line, '#' comments, '!' re-includes. As in Docker
/// (moby's <c>patternmatcher.MatchesOrParentMatches</c>) a pattern that matches a path or any of its
/// parent folders applies to it, and the last pattern that applies decides.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(PathPattern Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(PathPattern, bool)> rules) => _rules = rules;

    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>Reads <c>.dockerignore</c> from a build context folder; none there means nothing is ignored.</summary>
    public static DockerIgnore ForContext(string contextDirectory)
    {
        var path = Path.Combine(contextDirectory, ".dockerignore");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;
    }

    public static DockerIgnore Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<(PathPattern, bool)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = PathPattern.Normalize(exclude ? line : line[1..].Trim());
            if (pattern.Length == 0)
            {
                continue;
            }

            rules.Add((new PathPattern(pattern), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>True when the context path (a file or a folder) is left out of the build context.</summary>
    public bool IsExcluded(string path)
    {
        var normalized = PathPattern.Normalize(path);
        var candidates = new List<string> { normalized };
        for (var slash = normalized.LastIndexOf('/'); slash > 0; slash = normalized.LastIndexOf('/', slash - 1))
        {
            candidates.Add(normalized[..slash]);
        }

        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (candidates.Exists(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }
}
