namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>
/// The session every rendition's <see cref="UploadQueue"/> uploads to. When the server loses it
/// (restart: 404; idle timeout during an outage: 409) the first queue to notice creates a new one;
/// the others find the id already changed and only re-send their init segment.
/// </summary>
public sealed class IngestSession(string id, Func<CancellationToken, Task<string>>? renew = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _id = id;
    private int _renewals;

    /// <summary>The session uploads go to now.</summary>
    public string Id => Volatile.Read(ref _id);

    /// <summary>How many times a new session replaced a lost one.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>False when a lost session is fatal (no way to create another was given).</summary>
    public bool CanRenew => renew is not null;

    /// <summary>
    /// Returns the session to continue in: a new one when <paramref name="staleId"/> is still current,
    /// else the one another rendition already created. Throws what creating the session throws.
    /// </summary>
    public async Task<string> RenewAsync(string staleId, CancellationToken cancellationToken)
    {
        if (renew is null)
        {
            throw new InvalidOperationException("This session cannot be renewed.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = Id;
            if (current != staleId)
            {
                return current;
            }

            var fresh = await renew(cancellationToken);
            Volatile.Write(ref _id, fresh);
            Interlocked.Increment(ref _renewals);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
