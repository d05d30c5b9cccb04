namespace StreamSwarm.Server.Window;

/// <summary>
/// One stream's broadcast session and its renditions' media, behind one lock. Readers that wait
/// for something new (blocking playlist reload, preload-hinted parts) await <see cref="WaitForChangeAsync"/>,
/// which completes on the next change: no polling.
/// </summary>
public sealed class StreamWindow
{
    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    internal StreamWindow(string name, string sessionId, IReadOnlyList<RenditionSpec> renditions, double targetSegmentSeconds, double partTargetSeconds, DateTimeOffset started)
    {
        Name = name;
        SessionId = sessionId;
        TargetSegmentSeconds = targetSegmentSeconds;
        PartTargetSeconds = partTargetSeconds;
        Started = started;
        LastUpload = started;
        var list = new List<RenditionWindow>(renditions.Count);
        foreach (var spec in renditions)
        {
            list.Add(new RenditionWindow(spec));
        }

        Renditions = list;
    }

    public string Name { get; }

    public string SessionId { get; }

    public double TargetSegmentSeconds { get; }

    public double PartTargetSeconds { get; }

    public DateTimeOffset Started { get; }

    public DateTimeOffset LastUpload { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>Renditions in the order the broadcaster declared them (the master playlist's order).</summary>
    public IReadOnlyList<RenditionWindow> Renditions { get; }

    public RenditionWindow? Find(string rendition)
    {
        foreach (var r in Renditions)
        {
            if (r.Spec.Name == rendition)
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="read"/> under the lock: the window does not change while it runs.</summary>
    public T Read<T>(Func<StreamWindow, T> read)
    {
        lock (_gate)
        {
            return read(this);
        }
    }

    /// <summary>Runs <paramref name="change"/> under the lock, then wakes every waiter.</summary>
    internal T Change<T>(Func<StreamWindow, T> change)
    {
        TaskCompletionSource wake;
        T result;
        lock (_gate)
        {
            result = change(this);
            wake = _changed;
            _changed = NewSignal();
        }

        wake.TrySetResult();
        return result;
    }

    internal void Touch(DateTimeOffset now) => LastUpload = now;

    internal void MarkEnded() => Ended = true;

    /// <summary>
    /// Waits until <paramref name="ready"/> holds (checked under the lock), the timeout passes, or
    /// the request is aborted. Returns whether it holds.
    /// </summary>
    public async Task<bool> WaitForChangeAsync(Func<StreamWindow, bool> ready, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                if (ready(this))
                {
                    return true;
                }

                if (Ended)
                {
                    return false;
                }

                next = _changed.Task;
            }

            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Read(ready);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
