using System.Text;

namespace StreamSwarm.Deployment.Tests.Docker;

/// <summary>One instruction, continuation lines joined; <see cref="Line"/> is where it starts (1-based).</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>A build stage: from one <c>FROM</c> to the next.</summary>
public sealed record DockerStage(int Index, string? Name, string BaseImage, IReadOnlyList<DockerInstruction> Instructions);

/// <summary>
/// A Dockerfile split into stages and instructions, following the Dockerfile reference: parser
/// directives (<c># escape=</c>) at the top, comment lines dropped (also inside continuations),
/// lines ending in the escape character (<c>\</c> by default) joined with the next. Heredocs are
/// not supported: they are rejected instead of misread.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage FinalStage => Stages[^1];

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var escape = '\\';
        var i = 0;

        // Parser directives: '# key=value' lines before anything else.
        for (; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (!trimmed.StartsWith('#'))
            {
                break;
            }

            var directive = trimmed[1..].Trim();
            var eq = directive.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                break;
            }

            if (directive[..eq].Trim().Equals("escape", StringComparison.OrdinalIgnoreCase))
            {
                escape = directive[(eq + 1)..].Trim() == "`" ? '`' : '\\';
            }
        }

        var instructions = new List<DockerInstruction>();
        var current = new StringBuilder();
        var startLine = 0;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (current.Length == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#')))
            {
                continue;
            }

            if (current.Length > 0 && trimmed.StartsWith('#'))
            {
                continue;
            }

            if (current.Length == 0)
            {
                startLine = i + 1;
            }

            var body = line.TrimEnd();
            if (body.EndsWith(escape))
            {
                current.Append(body.AsSpan(0, body.Length - 1)).Append(' ');
                continue;
            }

            current.Append(body);
            instructions.Add(Split(current.ToString().Trim(), startLine));
            current.Clear();
        }

        if (current.Length > 0)
        {
            instructions.Add(Split(current.ToString().Trim(), startLine));
        }

        return new Dockerfile(ToStages(instructions));
    }

    /// <summary>
    /// The environment a stage's containers start with, from its <c>ENV</c> instructions and those
    /// of the stages it is built <c>FROM</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> EnvironmentOf(DockerStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var parent = Stages.FirstOrDefault(s => s.Index < stage.Index && string.Equals(s.Name, stage.BaseImage, StringComparison.OrdinalIgnoreCase));
        if (parent is not null)
        {
            foreach (var (k, v) in EnvironmentOf(parent))
            {
                environment[k] = v;
            }
        }

        foreach (var env in stage.Instructions.Where(x => x.Keyword == "ENV"))
        {
            foreach (var (k, v) in ParseEnv(env.Arguments))
            {
                environment[k] = v;
            }
        }

        return environment;
    }

    /// <summary><c>ENV K=V K2="v 2"</c>, or the legacy <c>ENV K value with spaces</c>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseEnv(string arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var words = ShellWords.Split(arguments);
        if (words.Count == 0)
        {
            throw new FormatException("ENV without a variable.");
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var space = arguments.Trim().IndexOfAny([' ', '\t']);
            return [new(words[0], space < 0 ? string.Empty : arguments.Trim()[(space + 1)..].Trim())];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var word in words)
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"ENV item '{word}' is not KEY=VALUE.");
            }

            pairs.Add(new(word[..eq], word[(eq + 1)..]));
        }

        return pairs;
    }

    private static DockerInstruction Split(string text, int line)
    {
        var space = text.IndexOfAny([' ', '\t']);
        var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var arguments = space < 0 ? string.Empty : text[(space + 1)..].Trim();
        if (arguments.Contains("<<", StringComparison.Ordinal) && keyword is "RUN" or "COPY" or "ADD"
            && arguments.TrimStart().StartsWith("<<", StringComparison.Ordinal))
        {
            throw new FormatException($"Line {line}: heredocs are not supported by this parser.");
        }

        return new DockerInstruction(keyword, arguments, line);
    }

    private static List<DockerStage> ToStages(List<DockerInstruction> instructions)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? body = null;
        string? name = null, image = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                if (body is not null)
                {
                    stages.Add(new DockerStage(stages.Count, name, image!, body));
                }

                var words = ShellWords.Split(instruction.Arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                if (words.Count == 0)
                {
                    throw new FormatException($"Line {instruction.Line}: FROM without an image.");
                }

                image = words[0];
                name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                body = [];
            }
            else if (body is null)
            {
                if (instruction.Keyword != "ARG")
                {
                    throw new FormatException($"Line {instruction.Line}: {instruction.Keyword} before the first FROM.");
                }
            }
            else
            {
                body.Add(instruction);
            }
        }

        if (body is null)
        {
            throw new FormatException("No FROM instruction.");
        }

        stages.Add(new DockerStage(stages.Count, name, image!, body));
        return stages;
    }
}
