namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// The dashboard's keys, read from the terminal while live: <c>q</c> ends the stream (like
/// Ctrl+C), <c>m</c> mutes or unmutes the audio mix, <c>1</c>-<c>9</c> mute one audio source.
/// Only used when stdin is a terminal; keys are read without echo.
/// </summary>
public sealed class KeyCommands(Action end, Action toggleMute, Action<int> toggleSource)
{
    /// <summary>How often the terminal is checked for a key; short enough to feel instant.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Applies one key; returns false for keys that mean nothing here.</summary>
    public bool Handle(ConsoleKeyInfo key)
    {
        switch (char.ToLowerInvariant(key.KeyChar))
        {
            case 'q':
                end();
                return true;
            case 'm':
                toggleMute();
                return true;
            case >= '1' and <= '9':
                toggleSource(key.KeyChar - '1');
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads keys from the process's terminal until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // KeyAvailable does not block, so the loop notices cancellation; ReadKey would not.
                while (Console.KeyAvailable)
                {
                    Handle(Console.ReadKey(intercept: true));
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out.
        }
        catch (InvalidOperationException)
        {
            // stdin stopped being a terminal (redirected after all): no keys, the stream goes on.
        }
    }
}
