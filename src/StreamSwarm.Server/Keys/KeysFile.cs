using System.Text.Json;
using System.Text.Json.Serialization;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Keys;

/// <summary>One stored key of the keys file: the stream it authorises and the SHA-256 of the key.</summary>
public sealed record KeysFileEntry(string Stream, string Sha256, DateTimeOffset Created);

/// <summary>Thrown when the keys file exists but cannot be used; the message says what is wrong.</summary>
public sealed class KeysFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The JSON keys file (<c>{"keys":[{"stream":..,"sha256":..,"created":..}]}</c>) written by
/// <c>keys create</c> and read by the server. Writes go to a temporary file that is renamed over
/// the old one, so a reader never sees half a file.
/// </summary>
public static class KeysFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IReadOnlyList<KeysFileEntry> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        Document? document;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            document = JsonSerializer.Deserialize<Document>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new KeysFileException($"Keys file '{path}' is not valid JSON: {e.Message}", e);
        }

        var entries = document?.Keys ?? [];
        foreach (var entry in entries)
        {
            if (entry is null || !MediaNames.IsValid(entry.Stream) || !ContentHash.TryParseHex(entry.Sha256, out _))
            {
                throw new KeysFileException($"Keys file '{path}' has an entry without a valid stream name and 64-hex-digit sha256.");
            }
        }

        return entries;
    }

    public static void Save(string path, IReadOnlyList<KeysFileEntry> entries)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Document { Keys = [.. entries] }, Json));
        File.Move(temporary, full, overwrite: true);
    }

    private sealed class Document
    {
        [JsonPropertyName("keys")]
        public List<KeysFileEntry>? Keys { get; set; }
    }
}
