namespace StreamSwarm.Deployment.Tests;

/// <summary>Locates the repository the tests run in: the nearest folder above the test binaries holding StreamSwarm.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string ComposeFile => Path.Combine(Root, "docker-compose.yml");

    /// <summary>A repository-relative path with '/' separators.</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamSwarm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No StreamSwarm.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
    }
}
