using System.Text.Json;

namespace StreamSwarm.Core.Tests.Protocol;

/// <summary>The golden vectors of docs/protocol.md, shared with the TypeScript codec.</summary>
internal static class ProtocolVectors
{
    private static readonly string Folder = FindFolder();

    public static IEnumerable<object[]> Valid => Load("valid.json").Select(v => new object[] { v.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Malformed => Load("malformed.json").Select(v => new object[] { v.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Ignored => Load("ignored.json").Select(v => new object[] { v.GetProperty("name").GetString()! });

    public static JsonElement Get(string file, string name) => Load(file).Single(v => v.GetProperty("name").GetString() == name);

    public static byte[] Bytes(JsonElement vector) => Convert.FromHexString(vector.GetProperty("hex").GetString()!);

    public static List<JsonElement> Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "vectors", "protocol");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/vectors/protocol not found above " + AppContext.BaseDirectory);
    }
}
