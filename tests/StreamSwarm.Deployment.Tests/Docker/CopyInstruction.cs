using System.Text.Json;

namespace StreamSwarm.Deployment.Tests.Docker;

/// <summary>
/// A <c>COPY</c> or <c>ADD</c>: flags (<c>--from</c>, <c>--chown</c>, <c>--chmod</c>, <c>--link</c>, …),
/// sources and destination, in the shell form or the JSON array form.
/// </summary>
public sealed record CopyInstruction(string Keyword, IReadOnlyList<string> Sources, string Destination, string? From, int Line)
{
    /// <summary>True when the sources come from the build context rather than a stage or image.</summary>
    public bool FromContext => From is null;

    public static CopyInstruction Parse(DockerInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        if (instruction.Keyword is not ("COPY" or "ADD"))
        {
            throw new ArgumentException($"Not a COPY or ADD: {instruction.Keyword}", nameof(instruction));
        }

        var words = ShellWords.Split(instruction.Arguments).ToList();
        string? from = null;
        var flags = 0;
        for (; flags < words.Count && words[flags].StartsWith("--", StringComparison.Ordinal); flags++)
        {
            var flag = words[flags];
            if (flag.StartsWith("--from=", StringComparison.Ordinal))
            {
                from = flag["--from=".Length..];
            }
        }

        var rest = words.Skip(flags).ToList();
        var joined = string.Join(' ', rest);
        if (joined.StartsWith('['))
        {
            // JSON form: take the raw text after the flags so quoting is JSON's, not the shell's.
            var raw = instruction.Arguments[instruction.Arguments.IndexOf('[', StringComparison.Ordinal)..];
            rest = JsonSerializer.Deserialize<List<string>>(raw)
                ?? throw new FormatException($"Line {instruction.Line}: bad JSON array.");
        }

        if (rest.Count < 2)
        {
            throw new FormatException($"Line {instruction.Line}: {instruction.Keyword} needs at least one source and a destination.");
        }

        return new CopyInstruction(instruction.Keyword, rest[..^1], rest[^1], from, instruction.Line);
    }
}
