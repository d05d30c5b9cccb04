using System.Runtime.CompilerServices;

namespace StreamSwarm.WebRtc.Tests.Sdp;

/// <summary>Reads the captured Chromium vectors next to this source file (see Vectors/README.md).</summary>
internal static class SdpVectors
{
    public static readonly string[] Names =
    [
        "chromium156-offer.sdp", "chromium156-offer-gathered.sdp",
        "chromium156-answer.sdp", "chromium156-answer-gathered.sdp",
    ];

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory(), "Vectors", name));

    private static string Directory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
