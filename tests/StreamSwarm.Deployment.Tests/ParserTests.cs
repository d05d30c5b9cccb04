using StreamSwarm.Deployment.Tests.Compose;
using StreamSwarm.Deployment.Tests.Docker;

namespace StreamSwarm.Deployment.Tests;

public sealed class ParserTests
{
    private static readonly Dictionary<string, string> Env = new(StringComparer.Ordinal) { ["A"] = "x", ["EMPTY"] = "" };

    [Theory]
    [InlineData("${A}", "x")]
    [InlineData("$A-$B", "x-")]
    [InlineData("${B:-d}", "d")]
    [InlineData("${EMPTY:-d}", "d")]
    [InlineData("${EMPTY-d}", "")]
    [InlineData("${A:+r}", "r")]
    [InlineData("$$A", "$A")]
    [InlineData("${PORT:-8080}:8080", "8080:8080")]
    public void Interpolation_FollowsCompose(string input, string expected) =>
        Assert.Equal(expected, ComposeInterpolation.Apply(input, Env));

    [Theory]
    [InlineData("${B:?needed}")]
    [InlineData("${EMPTY:?needed}")]
    [InlineData("${A")]
    public void Interpolation_RequiredOrBad_Throws(string input) =>
        Assert.Throws<ComposeInterpolationException>(() => ComposeInterpolation.Apply(input, Env));

    [Theory]
    [InlineData("8080:8080", 8080, 8080)]
    [InlineData("127.0.0.1:80:8080/tcp", 80, 8080)]
    [InlineData("[::1]:9000:8080", 9000, 8080)]
    [InlineData("8080", null, 8080)]
    public void ShortPort_Parses(string text, int? published, int target)
    {
        var port = PortMapping.ParseShort(text);
        Assert.Equal(published, port.Published?.Start);
        Assert.Equal(target, port.Target.Start);
    }

    [Theory]
    [InlineData("0:8080")]
    [InlineData("8080:70000")]
    [InlineData("abc:80")]
    [InlineData("80:80/xtp")]
    [InlineData("8000-8001:9000-9003")]
    public void ShortPort_Invalid_Throws(string text) => Assert.Throws<FormatException>(() => PortMapping.ParseShort(text));

    [Fact]
    public void Dockerfile_JoinsContinuations_SkipsComments_SplitsStages()
    {
        var file = Dockerfile.Parse("# syntax=docker/dockerfile:1\nFROM a AS one\nCOPY x \\\n  # note\n  y /d/\nFROM one\nENV K=v L=\"w z\"\nEXPOSE 80\n");
        Assert.Equal(2, file.Stages.Count);
        var copy = CopyInstruction.Parse(file.Stages[0].Instructions[0]);
        Assert.Equal(["x", "y"], copy.Sources);
        Assert.Equal("/d/", copy.Destination);
        Assert.Equal("v", file.EnvironmentOf(file.FinalStage)["K"]);
        Assert.Equal("w z", file.EnvironmentOf(file.FinalStage)["L"]);
    }

    [Fact]
    public void Copy_JsonFormAndFlags()
    {
        var json = CopyInstruction.Parse(new DockerInstruction("COPY", "--chown=1:1 [\"a b\", \"c\"]", 1));
        Assert.Equal(["a b"], json.Sources);
        var from = CopyInstruction.Parse(new DockerInstruction("COPY", "--from=build /app ./", 1));
        Assert.Equal("build", from.From);
        Assert.False(from.FromContext);
    }

    [Fact]
    public void DockerIgnore_ParentsNegationAndDoubleStar()
    {
        var ignore = DockerIgnore.Parse("**/bin\nartifacts\n*.md\n!README.md\n");
        Assert.True(ignore.IsExcluded("src/x/bin/a.dll"));
        Assert.True(ignore.IsExcluded("artifacts/log.txt"));
        Assert.True(ignore.IsExcluded("NOTES.md"));
        Assert.False(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("src/x/binder.cs"));
    }
}
