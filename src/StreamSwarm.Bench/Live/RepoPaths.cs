namespace StreamSwarm.Bench.Live;

/// <summary>Where the repository, the built programs and the test artifacts are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

#if DEBUG
    private const string OwnConfiguration = "Debug";
#else
    private const string OwnConfiguration = "Release";
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

    /// <summary>The program built in this assembly's configuration, else in the other one.</summary>
    private static string Built(string project, string dll)
    {
        foreach (var configuration in new[] { OwnConfiguration, OwnConfiguration == "Debug" ? "Release" : "Debug" })
        {
            var path = Path.Combine(Root, "src", project, "bin", configuration, "net10.0", dll);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{project} is not built: run bash scripts/setup.sh first.", dll);
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
