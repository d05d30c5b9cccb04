using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StreamSwarm.WebRtc.Sctp;

namespace StreamSwarm.WebRtc.Tests.Sctp;

/// <summary>Two associations over an <see cref="InMemoryLink"/> on fake time, pumped on the test thread.</summary>
internal sealed class SctpPair : IAsyncDisposable
{
    public SctpPair(InMemoryLink? link = null, SctpOptions? options = null)
    {
        Link = link ?? new InMemoryLink();
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        A = new SctpAssociation(Link.A, options ?? new SctpOptions(), NullLogger.Instance, Time, runLoop: false);
        B = new SctpAssociation(Link.B, options ?? new SctpOptions(), NullLogger.Instance, Time, runLoop: false);
        A.MessageReceived += (s, p, d) => ReceivedByA.Add((s, p, d.ToArray()));
        B.MessageReceived += (s, p, d) => ReceivedByB.Add((s, p, d.ToArray()));
    }

    public InMemoryLink Link { get; }

    public FakeTimeProvider Time { get; }

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    public List<(ushort Stream, uint Ppid, byte[] Data)> ReceivedByA { get; } = [];

    public List<(ushort Stream, uint Ppid, byte[] Data)> ReceivedByB { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Processes work, releases held datagrams and advances fake time 1 ms when idle, until the condition holds.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan? limit = null)
    {
        var max = limit ?? TimeSpan.FromSeconds(120);
        var start = Elapsed;
        while (Elapsed - start < max)
        {
            if (condition())
            {
                return true;
            }

            if (A.ProcessPendingWork() + B.ProcessPendingWork() > 0 || Link.ReleaseHeld())
            {
                continue;
            }

            Time.Advance(TimeSpan.FromMilliseconds(1));
            Elapsed += TimeSpan.FromMilliseconds(1);
        }

        return condition();
    }

    public void Connect(bool both = true)
    {
        var a = A.StartAsync(CancellationToken.None);
        var b = both ? B.StartAsync(CancellationToken.None) : Task.CompletedTask;
        Assert.True(RunUntil(() => A.State == SctpAssociationState.Established && B.State == SctpAssociationState.Established, TimeSpan.FromSeconds(30)),
            $"not established: A {A.State}, B {B.State}");
        Assert.True(RunUntil(() => a.IsCompleted && b.IsCompleted, TimeSpan.FromSeconds(1)));
        Assert.True(a.IsCompletedSuccessfully);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
