using System.Globalization;
using StreamSwarm.Core.Media;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Keys;

/// <summary>
/// The admin command: <c>keys create --stream NAME [--keys-file PATH]</c>,
/// <c>keys list [--keys-file PATH]</c>, <c>keys revoke --stream NAME [--keys-file PATH]</c>.
/// Bad arguments: one line on stderr and exit code 2.
/// </summary>
public static class KeysCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    public const string Usage = "usage: keys create --stream NAME [--keys-file PATH] | keys list [--keys-file PATH] | keys revoke --stream NAME [--keys-file PATH]";

    /// <param name="args">The arguments after <c>keys</c>.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where the one-line error goes.</param>
    /// <param name="workingDirectory">Relative keys file paths are resolved against this.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0)
        {
            error.WriteLine($"error: missing subcommand; {Usage}");
            return BadArguments;
        }

        var verb = args[0];
        if (verb is not ("create" or "list" or "revoke"))
        {
            error.WriteLine($"error: unknown subcommand '{verb}'; {Usage}");
            return BadArguments;
        }

        string? stream = null;
        string? keysFile = null;
        for (var i = 1; i < args.Count; i++)
        {
            var option = args[i];
            if (option is not ("--stream" or "--keys-file"))
            {
                error.WriteLine($"error: unknown option '{option}'; {Usage}");
                return BadArguments;
            }

            if (i + 1 >= args.Count || string.IsNullOrEmpty(args[i + 1]))
            {
                error.WriteLine($"error: option '{option}' needs a value; {Usage}");
                return BadArguments;
            }

            var value = args[++i];
            if (option == "--stream")
            {
                if (stream is not null)
                {
                    error.WriteLine("error: --stream given twice");
                    return BadArguments;
                }

                stream = value;
            }
            else
            {
                if (keysFile is not null)
                {
                    error.WriteLine("error: --keys-file given twice");
                    return BadArguments;
                }

                keysFile = value;
            }
        }

        if (verb == "list" && stream is not null)
        {
            error.WriteLine($"error: 'keys list' takes no --stream; {Usage}");
            return BadArguments;
        }

        if (verb != "list")
        {
            if (stream is null)
            {
                error.WriteLine($"error: 'keys {verb}' needs --stream NAME; {Usage}");
                return BadArguments;
            }

            if (MediaNames.Describe(stream, "Stream") is { } bad)
            {
                error.WriteLine($"error: {bad}");
                return BadArguments;
            }
        }

        var path = Path.GetFullPath(Path.Combine(workingDirectory, keysFile ?? KeysOptions.DefaultKeysFile));
        try
        {
            var entries = KeysFile.Load(path);
            return verb switch
            {
                "create" => Create(path, entries, stream!, output, error),
                "revoke" => Revoke(path, entries, stream!, output, error),
                _ => List(entries, output),
            };
        }
        catch (Exception e) when (e is KeysFileException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private static int Create(string path, IReadOnlyList<KeysFileEntry> entries, string stream, TextWriter output, TextWriter error)
    {
        var key = StreamKey.Create();
        var replaced = entries.Any(e => e.Stream == stream);
        var kept = entries.Where(e => e.Stream != stream).ToList();
        kept.Add(new KeysFileEntry(stream, StreamKey.HashHex(key), DateTimeOffset.UtcNow));
        KeysFile.Save(path, kept);
        if (replaced)
        {
            error.WriteLine($"note: the previous key of stream '{stream}' no longer works");
        }

        // The only time the key is ever shown: the file keeps its SHA-256 alone.
        output.WriteLine(key);
        return Ok;
    }

    private static int Revoke(string path, IReadOnlyList<KeysFileEntry> entries, string stream, TextWriter output, TextWriter error)
    {
        var kept = entries.Where(e => e.Stream != stream).ToList();
        if (kept.Count == entries.Count)
        {
            error.WriteLine($"error: no key for stream '{stream}' in {path}");
            return Failed;
        }

        KeysFile.Save(path, kept);
        output.WriteLine($"revoked the key of stream '{stream}'");
        return Ok;
    }

    private static int List(IReadOnlyList<KeysFileEntry> entries, TextWriter output)
    {
        foreach (var entry in entries.OrderBy(e => e.Stream, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Stream}\t{entry.Created:yyyy-MM-ddTHH:mm:ssZ}\tsha256:{entry.Sha256[..12]}…"));
        }

        return Ok;
    }
}
