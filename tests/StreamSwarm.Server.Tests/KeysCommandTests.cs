using StreamSwarm.Server.Keys;

namespace StreamSwarm.Server.Tests;

public sealed class KeysCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ss-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = KeysCommand.Run(args, output, error, _directory);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("rotate")]
    [InlineData("create")]
    [InlineData("create --stream")]
    [InlineData("create --stream Bad!Name")]
    [InlineData("create --stream demo --colour red")]
    [InlineData("create --stream demo --stream other")]
    [InlineData("list --stream demo")]
    [InlineData("revoke")]
    public void BadArguments_OneLineErrorAndExitCode2(string commandLine)
    {
        var (code, output, error) = Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(KeysCommand.BadArguments, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PrintsKeyOnce_StoresOnlyItsHash()
    {
        var (code, output, _) = Run("create", "--stream", "demo");
        Assert.Equal(KeysCommand.Ok, code);
        var key = output.Trim();
        Assert.StartsWith("ssk_", key, StringComparison.Ordinal);

        var text = File.ReadAllText(Path.Combine(_directory, "streamswarm-keys.json"));
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.Contains(StreamKey.HashHex(key), text, StringComparison.Ordinal);
    }

    [Fact]
    public void ListAndRevoke_WorkOnTheGivenKeysFile()
    {
        Assert.Equal(0, Run("create", "--stream", "one", "--keys-file", "k.json").Code);
        Assert.Equal(0, Run("create", "--stream", "two", "--keys-file", "k.json").Code);

        var listed = Run("list", "--keys-file", "k.json");
        Assert.Equal(0, listed.Code);
        Assert.Contains("one\t", listed.Out, StringComparison.Ordinal);
        Assert.Contains("two\t", listed.Out, StringComparison.Ordinal);

        Assert.Equal(0, Run("revoke", "--stream", "one", "--keys-file", "k.json").Code);
        var after = Run("list", "--keys-file", "k.json");
        Assert.DoesNotContain("one\t", after.Out, StringComparison.Ordinal);
        Assert.Equal(KeysCommand.Failed, Run("revoke", "--stream", "one", "--keys-file", "k.json").Code);
    }
}
