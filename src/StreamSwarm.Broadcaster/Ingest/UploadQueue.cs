using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamSwarm.Broadcaster.Status;

namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>
/// Uploads one rendition's init segments and parts in the order they were produced. One consumer
/// loop keeps that order (the server rejects gaps); a transient failure is retried in place with
/// exponential back-off. While the server cannot take uploads, parts wait here up to
/// <see cref="UploadQueueOptions.OutageBuffer"/>; older ones are dropped with a notice, and the
/// rendition resumes at the next segment marked as a discontinuity.
/// </summary>
public sealed class UploadQueue
{
    private readonly Channel<Queued> _channel;
    private readonly IngestClient _client;
    private readonly IngestSession _session;
    private readonly UploadQueueOptions _options;
    private readonly BroadcastStats _stats;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<string> _notice;
    private InitUpload? _lastInit;
    private bool _awaitingIndependentPart;
    private int _renewalsWithoutProgress;
    private long _failingSince;
    private long _droppedInOutage;
    private long _dropped;

    public UploadQueue(
        IngestClient client,
        IngestSession session,
        UploadQueueOptions options,
        BroadcastStats stats,
        ILogger logger,
        TimeProvider time,
        Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _session = session;
        _options = options;
        _stats = stats;
        _logger = logger;
        _time = time;
        _notice = notice ?? (_ => { });
        _channel = Channel.CreateBounded<Queued>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Count => _channel.Reader.Count;

    /// <summary>The session uploads go to; it changes when the session is renewed.</summary>
    public string SessionId => _session.Id;

    /// <summary>Parts not sent: they waited longer than the outage buffer, or came after such a part within its segment.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Waits only when <see cref="UploadQueueOptions.Capacity"/> pieces wait. Throws <see cref="ChannelClosedException"/> after <see cref="Complete"/>.</summary>
    public async ValueTask EnqueueAsync(UploadItem item, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(new Queued(item, _time.GetTimestamp()), cancellationToken);
        _stats.OnQueueDepth(_channel.Reader.Count);
    }

    /// <summary>No more items: <see cref="RunAsync"/> returns once what is queued is uploaded.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>
    /// Uploads until the queue is completed and drained. Throws <see cref="IngestException"/> on a
    /// fatal failure (then the caller ends the broadcast) and <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var queued in _channel.Reader.ReadAllAsync(cancellationToken))
            {
                _stats.OnQueueDepth(_channel.Reader.Count);
                var item = queued.Item;
                if (item is InitUpload init)
                {
                    _lastInit = init;
                }

                if (item is PartUpload && TooOld(queued))
                {
                    Drop(item);
                    continue;
                }

                var next = item;
                if (_awaitingIndependentPart && item is PartUpload part)
                {
                    // After a new session or dropped parts, the server needs a segment start (part 0, a keyframe).
                    if (part.Info.PartIndex != 0)
                    {
                        Interlocked.Increment(ref _dropped);
                        _logger.LogInformation("Skipping {Item} until the next segment starts", item.Describe());
                        continue;
                    }

                    _awaitingIndependentPart = false;
                    next = part with { Discontinuity = true };
                }

                await UploadWithRetryAsync(next, queued.Enqueued, cancellationToken);
            }
        }
        finally
        {
            // A producer waiting on a full queue must not wait forever for a dead consumer.
            _channel.Writer.TryComplete();
        }
    }

    private bool TooOld(Queued queued) => _time.GetElapsedTime(queued.Enqueued) > _options.OutageBuffer;

    private void Drop(UploadItem item)
    {
        Interlocked.Increment(ref _dropped);
        _awaitingIndependentPart = true;
        if (_droppedInOutage++ == 0)
        {
            var seconds = _failingSince == 0 ? _options.OutageBuffer.TotalSeconds : _time.GetElapsedTime(_failingSince).TotalSeconds;
            _notice($"The server has not taken {item.Rendition} uploads for {seconds:0} s: dropping parts older than {_options.OutageBuffer.TotalSeconds:0} s (--outage-buffer) and still retrying.");
        }

        _logger.LogWarning("Dropped {Item}: it waited longer than the outage buffer of {Seconds} s", item.Describe(), _options.OutageBuffer.TotalSeconds);
    }

    private async Task UploadWithRetryAsync(UploadItem item, long enqueued, CancellationToken cancellationToken)
    {
        // Renewal may replace the item (a part 0 then carries X-Discontinuity) or drop it.
        var delay = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            var sessionId = SessionId;
            try
            {
                await _client.UploadAsync(sessionId, item, cancellationToken);
                Record(item, Stopwatch.GetElapsedTime(started));
                OnSuccess(item, attempt);
                return;
            }
            catch (IngestException ex) when (ex.Failure == IngestFailure.Conflict && attempt > 1 && item is PartUpload)
            {
                // An earlier attempt reached the server but its answer was lost; the server already
                // holds this part (a differing duplicate would have been a fatal 409 on attempt 1).
                _logger.LogWarning("Upload of {Item} answered 409 on retry {Attempt}; counting it as stored: {Reason}", item.Describe(), attempt, ex.Message);
                _stats.OnDuplicate();
                Record(item, Stopwatch.GetElapsedTime(started));
                OnSuccess(item, attempt);
                return;
            }
            catch (IngestException ex) when (IsSessionLost(ex, item, attempt) && _session.CanRenew && _renewalsWithoutProgress < 3)
            {
                _stats.OnUploadError();
                _logger.LogWarning("The server no longer knows session {SessionId} ({Reason}); continuing in a new one", sessionId, ex.Message);
                await RenewSessionAsync(sessionId, cancellationToken);
                if (item is InitUpload)
                {
                    return; // renewal uploaded it
                }

                if (item is PartUpload { Info.PartIndex: not 0 })
                {
                    _awaitingIndependentPart = true;
                    _logger.LogInformation("Dropping {Item}: the new session starts at the next segment", item.Describe());
                    return;
                }

                if (item is PartUpload part)
                {
                    item = part with { Discontinuity = true };
                }

                attempt = 0; // a fresh first attempt in the new session: its 409 is no duplicate
            }
            catch (IngestException ex) when (ex.IsTransient)
            {
                _stats.OnUploadError();
                if (_failingSince == 0)
                {
                    _failingSince = _time.GetTimestamp();
                }

                var outage = _time.GetElapsedTime(_failingSince);
                if (outage >= _options.MaxOutage)
                {
                    throw new IngestException(
                        ex.Failure,
                        ex.StatusCode,
                        $"Gave up uploading {item.Describe()} after {outage.TotalSeconds:0} s of failures: {ex.Message}",
                        ex);
                }

                if (item is PartUpload && _time.GetElapsedTime(enqueued) > _options.OutageBuffer)
                {
                    Drop(item);
                    return;
                }

                _logger.LogWarning("Upload of {Item} failed (attempt {Attempt}), retrying in {DelayMs} ms: {Reason}", item.Describe(), attempt, (int)delay.TotalMilliseconds, ex.Message);
                _stats.OnRetry();
                await Task.Delay(Jitter(delay), _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            catch (IngestException ex)
            {
                _stats.OnUploadError();
                _logger.LogError("Upload of {Item} failed for good: {Reason}", item.Describe(), ex.Message);
                throw;
            }
        }
    }

    private void OnSuccess(UploadItem item, int attempt)
    {
        if (item is PartUpload)
        {
            _renewalsWithoutProgress = 0;
        }

        if (_failingSince != 0)
        {
            var outage = _time.GetElapsedTime(_failingSince);
            _failingSince = 0;
            if (_droppedInOutage > 0)
            {
                _notice($"The server takes {item.Rendition} uploads again after {outage.TotalSeconds:0} s; {_droppedInOutage} parts older than {_options.OutageBuffer.TotalSeconds:0} s were dropped.");
            }
        }

        _droppedInOutage = 0;
        if (attempt > 1)
        {
            _logger.LogInformation("Uploaded {Item} after {Attempts} attempts", item.Describe(), attempt);
        }
    }

    /// <summary>
    /// 404: the server no longer knows the session (it restarted). 409 on a first attempt at a part or
    /// an init segment: the server ended the session (idle timeout during an outage or a slow encoder
    /// start) or lost track of our sequence.
    /// Either way a new session, starting at the next segment, is the way to keep the stream going.
    /// </summary>
    private static bool IsSessionLost(IngestException ex, UploadItem item, int attempt) =>
        ex.StatusCode == System.Net.HttpStatusCode.NotFound
        || (ex.StatusCode == System.Net.HttpStatusCode.Conflict && attempt == 1);

    private async Task RenewSessionAsync(string staleId, CancellationToken cancellationToken)
    {
        _renewalsWithoutProgress++;
        var delay = _options.InitialBackoff;
        var firstFailure = _time.GetTimestamp();
        while (true)
        {
            try
            {
                var id = await _session.RenewAsync(staleId, cancellationToken);
                _logger.LogWarning("Continuing in session {SessionId}", id);
                break;
            }
            catch (IngestException ex) when (ex.IsTransient && _time.GetElapsedTime(firstFailure) < _options.MaxOutage)
            {
                _stats.OnRetry();
                _logger.LogWarning("Creating a new session failed, retrying in {DelayMs} ms: {Reason}", (int)delay.TotalMilliseconds, ex.Message);
                await Task.Delay(Jitter(delay), _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }

        if (_lastInit is not null)
        {
            await UploadWithRetryAsync(_lastInit, _time.GetTimestamp(), cancellationToken);
        }
    }

    private void Record(UploadItem item, TimeSpan elapsed)
    {
        if (item is PartUpload part)
        {
            _stats.OnPartSent(part.Rendition, part.Info.MediaSequence, part.Body.Length, elapsed);
        }
        else
        {
            _stats.OnInitSent(item.Body.Length, elapsed);
        }
    }

    // ±20 % so a fleet of broadcasters behind one restarting server does not retry in lockstep.
#pragma warning disable CA5394 // jitter, not security
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
#pragma warning restore CA5394

    private readonly record struct Queued(UploadItem Item, long Enqueued);
}
