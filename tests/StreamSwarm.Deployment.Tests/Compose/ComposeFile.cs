using YamlDotNet.RepresentationModel;

namespace StreamSwarm.Deployment.Tests.Compose;

/// <summary>The parts of one compose service that the deployment tests check.</summary>
public sealed record ComposeService(
    string Name,
    string? BuildContext,
    string? Dockerfile,
    IReadOnlyList<PortMapping> Ports,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> DependsOn)
{
    /// <summary>The Dockerfile path relative to the build context (compose's default is <c>Dockerfile</c>).</summary>
    public string DockerfileOrDefault => Dockerfile ?? "Dockerfile";
}

/// <summary>
/// A docker-compose.yml read with YamlDotNet, values interpolated as Compose would with the given
/// environment. Only what the tests need is modelled; unknown keys are ignored, as by Compose.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(string path, IReadOnlyDictionary<string, ComposeService> services)
    {
        Path = path;
        Services = services;
    }

    public string Path { get; }

    /// <summary>The folder relative paths in the file are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public static ComposeFile Load(string path, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Parse(reader, path, environment);
    }

    public static ComposeFile Parse(TextReader reader, string path, IReadOnlyDictionary<string, string> environment)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{path}: expected one YAML document with a mapping at the top.");
        }

        if (Child(root, "services") is not YamlMappingNode servicesNode)
        {
            throw new FormatException($"{path}: no 'services' mapping.");
        }

        var services = new Dictionary<string, ComposeService>(StringComparer.Ordinal);
        foreach (var (key, value) in servicesNode.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (value is not YamlMappingNode service)
            {
                throw new FormatException($"{path}: service '{name}' is not a mapping.");
            }

            services[name] = ReadService(name, service, environment);
        }

        return new ComposeFile(path, services);
    }

    private static ComposeService ReadService(string name, YamlMappingNode service, IReadOnlyDictionary<string, string> env)
    {
        string? context = null, dockerfile = null;
        switch (Child(service, "build"))
        {
            case YamlScalarNode s:
                context = Text(s, env);
                break;
            case YamlMappingNode m:
                context = Child(m, "context") is YamlScalarNode c ? Text(c, env) : ".";
                dockerfile = Child(m, "dockerfile") is YamlScalarNode d ? Text(d, env) : null;
                break;
        }

        var ports = new List<PortMapping>();
        if (Child(service, "ports") is YamlSequenceNode portNodes)
        {
            foreach (var node in portNodes)
            {
                ports.Add(node switch
                {
                    YamlScalarNode s => PortMapping.ParseShort(Text(s, env)),
                    YamlMappingNode m => PortMapping.FromLong(
                        ScalarText(m, "target", env),
                        ScalarText(m, "published", env),
                        ScalarText(m, "host_ip", env),
                        ScalarText(m, "protocol", env)),
                    _ => throw new FormatException($"Service '{name}': a port entry is neither a string nor a mapping."),
                });
            }
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Child(service, "environment"))
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    environment[((YamlScalarNode)k).Value ?? string.Empty] = v is YamlScalarNode sv ? Text(sv, env) : string.Empty;
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.OfType<YamlScalarNode>())
                {
                    var entry = Text(item, env);
                    var eq = entry.IndexOf('=', StringComparison.Ordinal);
                    environment[eq < 0 ? entry : entry[..eq]] = eq < 0 ? string.Empty : entry[(eq + 1)..];
                }

                break;
        }

        var command = Child(service, "command") switch
        {
            YamlSequenceNode list => list.OfType<YamlScalarNode>().Select(s => Text(s, env)).ToList(),
            YamlScalarNode s => Text(s, env).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
            _ => [],
        };

        var dependsOn = Child(service, "depends_on") switch
        {
            YamlSequenceNode list => list.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList(),
            YamlMappingNode m => m.Children.Keys.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList(),
            _ => [],
        };

        return new ComposeService(name, context, dockerfile, ports, environment, command, dependsOn);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? ScalarText(YamlMappingNode node, string key, IReadOnlyDictionary<string, string> env) =>
        Child(node, key) is YamlScalarNode s ? Text(s, env) : null;

    private static string Text(YamlScalarNode node, IReadOnlyDictionary<string, string> env) =>
        ComposeInterpolation.Apply(node.Value ?? string.Empty, env);
}
