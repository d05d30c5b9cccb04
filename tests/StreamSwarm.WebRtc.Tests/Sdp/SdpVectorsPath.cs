using System.Runtime.CompilerServices;

namespace StreamSwarm.WebRtc.Tests.Sdp;

/// <summary>Locates Sdp/Vectors next to the sources (vectors are not copied to the output).</summary>
internal static class SdpVectorsPath
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory(), "Vectors", name));

    public static void Write(string name, string content) => File.WriteAllText(Path.Combine(Directory(), "Vectors", name), content);

    private static string Directory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
