namespace StreamSwarm.WebRtc.Tests.Sdp;

/// <summary>Reads the captured Chromium vectors next to this source file (see Vectors/README.md).</summary>
internal static class SdpVectors
{
    public static readonly string[] Names =
    [
        "chromium156-offer.sdp", "chromium156-offer-gathered.sdp",
        "chromium156-answer.sdp", "chromium156-answer-gathered.sdp",
    ];

    public static string Read(string name) => SdpVectorsPath.Read(name);
}
