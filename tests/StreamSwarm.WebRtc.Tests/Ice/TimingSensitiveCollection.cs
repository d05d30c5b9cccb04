namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>
/// Tests that step a fake clock while real sockets carry the packets: they measure when the peer
/// saw each packet, so CPU taken by other test classes (Chromium above all) shows up as timing
/// error. They run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "timing-sensitive";
}
