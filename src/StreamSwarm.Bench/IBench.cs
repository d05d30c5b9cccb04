namespace StreamSwarm.Bench;

/// <summary>
/// One benchmark area (media, webrtc, latency, ...). Implementations live in Benches/, one file
/// each, and are found by reflection, so adding a bench never edits a shared file.
/// A bench prints its figures as a Markdown table plus ratios, side by side in one run.
/// </summary>
public interface IBench
{
    /// <summary>The name given on the command line: <c>streamswarm-bench NAME [args]</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured.</summary>
    string Description { get; }

    /// <summary>Runs the bench; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken);
}
