namespace StreamSwarm.Deployment.Tests.Docker;

/// <summary>A build context folder as the Docker daemon receives it: every file not left out by its <c>.dockerignore</c>.</summary>
public sealed class BuildContext
{
    private readonly Lazy<IReadOnlyList<string>> _entries;

    public BuildContext(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = Path.GetFullPath(directory);
        Ignore = DockerIgnore.ForContext(Directory);
        _entries = new(ListEntries);
    }

    public string Directory { get; }

    public DockerIgnore Ignore { get; }

    /// <summary>
    /// The context paths a COPY source names, after <c>.dockerignore</c>: the file or folder itself
    /// when it has no wildcards, every matching file and folder otherwise. Empty means the COPY fails.
    /// </summary>
    public IReadOnlyList<string> Resolve(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var normalized = PathPattern.Normalize(source);
        if (normalized.StartsWith("..", StringComparison.Ordinal))
        {
            // Docker refuses sources outside the context.
            return [];
        }

        if (!PathPattern.HasWildcards(normalized))
        {
            if (normalized.Length == 0)
            {
                return ["."];
            }

            var full = Path.Combine(Directory, normalized);
            var exists = File.Exists(full) || (System.IO.Directory.Exists(full) && HasIncludedFile(normalized));
            return exists && !Ignore.IsExcluded(normalized) ? [normalized] : [];
        }

        var pattern = new PathPattern(normalized);
        return _entries.Value.Where(pattern.IsMatch).ToList();
    }

    private bool HasIncludedFile(string folder) =>
        _entries.Value.Any(e => e.StartsWith(folder + "/", StringComparison.Ordinal) && File.Exists(Path.Combine(Directory, e)));

    private List<string> ListEntries()
    {
        var entries = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Directory);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(folder))
            {
                var relative = Path.GetRelativePath(Directory, entry).Replace('\\', '/');
                if (Ignore.IsExcluded(relative))
                {
                    continue;
                }

                entries.Add(relative);
                if (System.IO.Directory.Exists(entry) && (File.GetAttributes(entry) & FileAttributes.ReparsePoint) == 0)
                {
                    pending.Push(entry);
                }
            }
        }

        return entries;
    }
}
