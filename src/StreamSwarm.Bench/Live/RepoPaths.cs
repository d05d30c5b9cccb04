namespace StreamSwarm.EndToEnd.Tests;

/// <summary>Where the repository, the built programs and the test artifacts are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string ServerDll => Built("StreamSwarm.Server", "StreamSwarm.Server.dll");

    public static string BroadcasterDll => Built("StreamSwarm.Broadcaster", "streamswarm.dll");

    public static string Artifacts
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("STREAMSWARM_ARTIFACTS") is { Length: > 0 } env
                ? env
                : Path.Combine(Root, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", dll);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build the solution first (bash scripts/setup.sh).", path);
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamSwarm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StreamSwarm.sln not found above " + AppContext.BaseDirectory);
    }
}
