using StreamSwarm.Deployment.Tests.Compose;
using StreamSwarm.Deployment.Tests.Docker;

namespace StreamSwarm.Deployment.Tests;

/// <summary>Checks docker-compose.yml and the Dockerfiles against the repository, since Docker cannot run here.</summary>
public sealed class DeploymentTests
{
    private static readonly Dictionary<string, string> Env = new(StringComparer.Ordinal) { ["STREAM_KEY"] = "deployment-test-key" };

    private static ComposeFile Compose => ComposeFile.Load(RepoPaths.ComposeFile, Env);

    public static TheoryData<string> Services()
    {
        var data = new TheoryData<string>();
        foreach (var name in Compose.Services.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    private static (BuildContext Context, Dockerfile File, string Path) Build(ComposeService service)
    {
        var context = new BuildContext(Path.Combine(Compose.Directory, service.BuildContext ?? "."));
        var path = Path.Combine(context.Directory, service.DockerfileOrDefault);
        return (context, Dockerfile.Load(path), path);
    }

    private static int ServerListenPort()
    {
        var server = Compose.Services["server"];
        var (_, file, _) = Build(server);
        var env = new Dictionary<string, string>(file.EnvironmentOf(file.FinalStage), StringComparer.Ordinal);
        foreach (var (k, v) in server.Environment)
        {
            env[k] = v;
        }

        if (env.TryGetValue("ASPNETCORE_URLS", out var urls) && urls.Length > 0)
        {
            var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].Replace("+", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal);
            return new Uri(first).Port;
        }

        // The .NET aspnet images set ASPNETCORE_HTTP_PORTS=8080.
        return int.Parse(env.GetValueOrDefault("ASPNETCORE_HTTP_PORTS", "8080").Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Compose_HasServerAndBroadcaster_BroadcasterDependsOnServer()
    {
        Assert.Contains("server", Compose.Services.Keys);
        Assert.Contains("broadcaster", Compose.Services.Keys);
        Assert.Contains("server", Compose.Services["broadcaster"].DependsOn);
    }

    [Fact]
    public void Compose_WithoutStreamKey_RefusesToStart()
    {
        Assert.Throws<ComposeInterpolationException>(() => ComposeFile.Load(RepoPaths.ComposeFile, new Dictionary<string, string>()));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_BuildContextAndDockerfileExist(string name)
    {
        var service = Compose.Services[name];
        Assert.NotNull(service.BuildContext);
        var context = Path.Combine(Compose.Directory, service.BuildContext);
        Assert.True(Directory.Exists(context), $"{name}: build context '{context}' does not exist");
        var dockerfile = Path.Combine(context, service.DockerfileOrDefault);
        Assert.True(File.Exists(dockerfile), $"{name}: Dockerfile '{dockerfile}' does not exist");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_CopySourcesExistInBuildContext_AndCopyFromNamesAnEarlierStage(string name)
    {
        var (context, file, path) = Build(Compose.Services[name]);
        var problems = new List<string>();
        foreach (var stage in file.Stages)
        {
            foreach (var instruction in stage.Instructions.Where(i => i.Keyword is "COPY" or "ADD"))
            {
                var copy = CopyInstruction.Parse(instruction);
                if (!copy.FromContext)
                {
                    if (!file.Stages.Any(s => s.Index < stage.Index && string.Equals(s.Name, copy.From, StringComparison.OrdinalIgnoreCase)))
                    {
                        problems.Add($"line {copy.Line}: --from={copy.From} is not an earlier stage");
                    }

                    continue;
                }

                foreach (var source in copy.Sources)
                {
                    if (context.Resolve(source).Count == 0)
                    {
                        problems.Add($"line {copy.Line}: '{source}' is missing from the build context (or left out by .dockerignore)");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, $"{RepoPaths.Relative(path)}:\n" + string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Service_PublishedProjectAndEveryReference_AreCopied(string name)
    {
        var (context, file, path) = Build(Compose.Services[name]);
        var copied = file.Stages.SelectMany(s => s.Instructions)
            .Where(i => i.Keyword is "COPY" or "ADD")
            .Select(CopyInstruction.Parse)
            .Where(c => c.FromContext)
            .SelectMany(c => c.Sources.Select(PathPattern.Normalize))
            .ToList();
        var publish = file.Stages.SelectMany(s => s.Instructions)
            .Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal))
            .SelectMany(i => ShellWords.Split(i.Arguments).Where(w => w.EndsWith(".csproj", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(publish);
        Assert.Contains("Directory.Build.props", copied);
        Assert.Contains("Directory.Packages.props", copied);
        foreach (var project in publish.SelectMany(p => ProjectGraph.Closure(Path.Combine(context.Directory, p))))
        {
            var folder = PathPattern.Normalize(Path.GetRelativePath(context.Directory, Path.GetDirectoryName(project)!).Replace('\\', '/'));
            Assert.True(
                copied.Exists(c => c.Length == 0 || folder == c || folder.StartsWith(c + "/", StringComparison.Ordinal)),
                $"{RepoPaths.Relative(path)} publishes a project that needs {folder}/, which no COPY brings in");
        }
    }

    [Fact]
    public void PublishedPorts_AreValid_AndHostPortsDistinct()
    {
        var published = Compose.Services.Values.SelectMany(s => s.Ports).Where(p => p.Published is not null).Select(p => p.Published!.Value.Start).ToList();
        Assert.Equal(published.Count, published.Distinct().Count());
        foreach (var port in Compose.Services.Values.SelectMany(s => s.Ports))
        {
            Assert.InRange(port.Target.Start, 1, 65535);
        }
    }

    [Fact]
    public void ServerContainerPort_IsWhereTheServerListens_AndIsExposed()
    {
        var listen = ServerListenPort();
        var server = Compose.Services["server"];
        Assert.NotEmpty(server.Ports);
        Assert.All(server.Ports, p => Assert.True(p.Target.Contains(listen), $"server publishes container port {p.Target}, but listens on {listen}"));
        var (_, file, _) = Build(server);
        var exposed = file.FinalStage.Instructions.Where(i => i.Keyword == "EXPOSE").SelectMany(i => ShellWords.Split(i.Arguments)).Select(w => w.Split('/')[0]);
        Assert.Contains(listen.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
    }

    [Fact]
    public void Broadcaster_ServerUrl_PointsAtTheServerService()
    {
        var command = Compose.Services["broadcaster"].Command.ToList();
        var at = command.IndexOf("--server");
        Assert.True(at >= 0 && at + 1 < command.Count, "broadcaster command has no --server URL");
        var url = new Uri(command[at + 1]);
        Assert.Equal("server", url.Host);
        Assert.Equal(ServerListenPort(), url.Port);
    }
}
