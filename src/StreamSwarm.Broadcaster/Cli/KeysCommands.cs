using System.CommandLine;
using System.Globalization;
using StreamSwarm.Broadcaster.Admin;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// <c>streamswarm keys create|list|revoke --server URL --admin-token TOKEN</c>: stream keys through
/// the server's admin API. <c>create</c> prints the key alone on stdout (so scripts can capture it);
/// failures are one line on stderr with exit 1, bad arguments exit 2.
/// </summary>
public static class KeysCommands
{
    /// <summary>Environment variable read when <c>--admin-token</c> is absent (keeps it out of <c>ps</c>).</summary>
    public const string AdminTokenEnvironmentVariable = "STREAMSWARM_ADMIN_TOKEN";

    public static Command Build(CliConsole console, CancellationToken stop)
    {
        var keys = new Command("keys", "Manage stream keys on the server through its admin API (the server needs StreamSwarm:AdminToken).");
        keys.Add(Verb(console, stop, "create", "Make a new key for a stream (replacing its old one) and print it; it is shown only this once.", withStream: true));
        keys.Add(Verb(console, stop, "list", "List the streams that have keys, and when each was made (never the keys).", withStream: false));
        keys.Add(Verb(console, stop, "revoke", "Remove a stream's key: its next upload is refused.", withStream: true));
        keys.SetAction(_ =>
        {
            console.WriteError("Missing subcommand: use 'streamswarm keys create|list|revoke --help'.");
            return ExitCodes.Usage;
        });
        return keys;
    }

    private static Command Verb(CliConsole console, CancellationToken stop, string name, string description, bool withStream)
    {
        var server = new Option<string>("--server") { Description = "Base URL of the StreamSwarm server, e.g. http://127.0.0.1:8080. Required.", HelpName = "URL" };
        var token = new Option<string>("--admin-token") { Description = $"The server's StreamSwarm:AdminToken. Required, or set {AdminTokenEnvironmentVariable}.", HelpName = "TOKEN" };
        var stream = new Option<string>("--stream") { Description = "Stream name: 1-64 of a-z 0-9 - _. Required.", HelpName = "NAME" };
        var command = new Command(name, description) { server, token };
        if (withStream)
        {
            command.Add(stream);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var usage = $" Run 'streamswarm keys {name} --help' for usage.";
            if (GoLiveOptionsParser.TryParseServer(parse.GetValue(server), out var serverUri) is { } badServer)
            {
                console.WriteError(badServer + usage);
                return ExitCodes.Usage;
            }

            var adminToken = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(AdminTokenEnvironmentVariable);
            if (string.IsNullOrEmpty(adminToken) || adminToken.Any(c => c is < '!' or > '~'))
            {
                console.WriteError($"Missing or bad --admin-token: pass the server's StreamSwarm:AdminToken (printable ASCII), or set {AdminTokenEnvironmentVariable}.{usage}");
                return ExitCodes.Usage;
            }

            var streamName = parse.GetValue(stream);
            if (withStream && (string.IsNullOrEmpty(streamName) ? "Missing --stream: name the stream whose key to " + name + "." : MediaNames.Describe(streamName, "Stream")) is { } badStream)
            {
                console.WriteError(badStream + usage);
                return ExitCodes.Usage;
            }

            using var http = IngestClient.CreateHttpClient();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellationToken);
            var client = new AdminKeysClient(http, serverUri!, adminToken);
            try
            {
                switch (name)
                {
                    case "create":
                        var created = await client.CreateAsync(streamName!, linked.Token);
                        if (created.Replaced)
                        {
                            console.Error.WriteLine($"note: the previous key of stream '{created.Stream}' no longer works");
                        }

                        console.WriteLine(created.Key);
                        break;
                    case "list":
                        foreach (var k in await client.ListAsync(linked.Token))
                        {
                            var when = k.Created is { } c ? c.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
                            console.WriteLine($"{k.Stream}\t{when}\t{k.Source}");
                        }

                        break;
                    default:
                        await client.RevokeAsync(streamName!, linked.Token);
                        console.WriteLine($"revoked the key of stream '{streamName}'");
                        break;
                }

                return ExitCodes.Ok;
            }
            catch (AdminKeysException ex)
            {
                console.WriteError(ex.Message);
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                console.WriteError("Cancelled.");
                return ExitCodes.Forced;
            }
        });
        return command;
    }
}
