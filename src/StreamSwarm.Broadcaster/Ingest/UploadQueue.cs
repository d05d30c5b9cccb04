using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StreamSwarm.Broadcaster.Status;

namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>
/// Uploads init segments and parts in the order they were produced. A bounded channel holds what
/// waits, so a slow server makes the producer wait (back-pressure down to ffmpeg's pipe) instead of
/// growing memory. One consumer loop keeps order per rendition; a transient failure is retried in
/// place with exponential back-off, because the server rejects gaps.
/// </summary>
public sealed class UploadQueue
{
    private readonly Channel<UploadItem> _channel;
    private readonly IngestClient _client;
    private readonly UploadQueueOptions _options;
    private readonly BroadcastStats _stats;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<CancellationToken, Task<string>>? _renewSession;
    private string _sessionId;
    private InitUpload? _lastInit;
    private bool _awaitingIndependentPart;
    private int _renewalsWithoutProgress;

    /// <param name="renewSession">
    /// Creates a new session when the server no longer knows the current one (404: it restarted and
    /// lost its in-memory window). Null makes a 404 fatal.
    /// </param>
    public UploadQueue(
        IngestClient client,
        string sessionId,
        UploadQueueOptions options,
        BroadcastStats stats,
        ILogger logger,
        TimeProvider time,
        Func<CancellationToken, Task<string>>? renewSession = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _sessionId = sessionId;
        _options = options;
        _stats = stats;
        _logger = logger;
        _time = time;
        _renewSession = renewSession;
        _channel = Channel.CreateBounded<UploadItem>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Count => _channel.Reader.Count;

    /// <summary>The session uploads go to; it changes when the session is renewed.</summary>
    public string SessionId => Volatile.Read(ref _sessionId);

    /// <summary>How many times the session was renewed after the server lost it.</summary>
    public int Renewals { get; private set; }

    /// <summary>Waits while the queue is full. Throws <see cref="ChannelClosedException"/> after <see cref="Complete"/>.</summary>
    public async ValueTask EnqueueAsync(UploadItem item, CancellationToken cancellationToken)
    {
        await _channel.Writer.WriteAsync(item, cancellationToken);
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
            await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken))
            {
                _stats.OnQueueDepth(_channel.Reader.Count);
                if (item is InitUpload init)
                {
                    _lastInit = init;
                }

                var next = item;
                if (_awaitingIndependentPart)
                {
                    // A new session's first part must start a segment (part 0, a keyframe).
                    if (item is not PartUpload { Info.PartIndex: 0 } first)
                    {
                        _logger.LogInformation("Skipping {Item} until the next segment starts in the new session", item.Describe());
                        continue;
                    }

                    _awaitingIndependentPart = false;
                    next = first with { Discontinuity = true };
                }

                await UploadWithRetryAsync(next, cancellationToken);
            }
        }
        finally
        {
            // A producer waiting on a full queue must not wait forever for a dead consumer.
            _channel.Writer.TryComplete();
        }
    }

    private async Task UploadWithRetryAsync(UploadItem item, CancellationToken cancellationToken)
    {
        // Renewal may replace the item (a part 0 then carries X-Discontinuity) or drop it.
        var firstFailure = 0L;
        var delay = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _client.UploadAsync(SessionId, item, cancellationToken);
                Record(item, Stopwatch.GetElapsedTime(started));
                if (item is PartUpload)
                {
                    _renewalsWithoutProgress = 0;
                }
                if (attempt > 1)
                {
                    _logger.LogInformation("Uploaded {Item} after {Attempts} attempts", item.Describe(), attempt);
                }

                return;
            }
            catch (IngestException ex) when (ex.Failure == IngestFailure.Conflict && attempt > 1 && item is PartUpload)
            {
                // An earlier attempt reached the server but its answer was lost; the server already
                // holds this part (a differing duplicate would have been a fatal 409 on attempt 1).
                _logger.LogWarning("Upload of {Item} answered 409 on retry {Attempt}; counting it as stored: {Reason}", item.Describe(), attempt, ex.Message);
                _stats.OnDuplicate();
                Record(item, Stopwatch.GetElapsedTime(started));
                return;
            }
            catch (IngestException ex) when (IsSessionLost(ex, item, attempt) && _renewSession is not null && _renewalsWithoutProgress < 3)
            {
                _stats.OnUploadError();
                _logger.LogWarning("The server no longer knows session {SessionId} ({Reason}); creating a new one", SessionId, ex.Message);
                await RenewSessionAsync(cancellationToken);
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
                if (firstFailure == 0)
                {
                    firstFailure = _time.GetTimestamp();
                }

                var outage = _time.GetElapsedTime(firstFailure);
                if (outage >= _options.MaxOutage)
                {
                    throw new IngestException(
                        ex.Failure,
                        ex.StatusCode,
                        $"Gave up uploading {item.Describe()} after {outage.TotalSeconds:0} s of failures: {ex.Message}",
                        ex);
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

    /// <summary>
    /// 404: the server no longer knows the session (it restarted). 409 on a first attempt at a part:
    /// the server ended the session (idle timeout during an outage) or lost track of our sequence.
    /// Either way a new session, starting at the next segment, is the way to keep the stream going.
    /// </summary>
    private static bool IsSessionLost(IngestException ex, UploadItem item, int attempt) =>
        ex.StatusCode == System.Net.HttpStatusCode.NotFound
        || (ex.StatusCode == System.Net.HttpStatusCode.Conflict && attempt == 1 && item is PartUpload);

    private async Task RenewSessionAsync(CancellationToken cancellationToken)
    {
        _renewalsWithoutProgress++;
        var delay = _options.InitialBackoff;
        var firstFailure = _time.GetTimestamp();
        while (true)
        {
            try
            {
                var id = await _renewSession!(cancellationToken);
                Volatile.Write(ref _sessionId, id);
                Renewals++;
                _logger.LogWarning("Continuing in new session {SessionId}", id);
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
            await UploadWithRetryAsync(_lastInit, cancellationToken);
        }
    }

    private void Record(UploadItem item, TimeSpan elapsed)
    {
        if (item is PartUpload part)
        {
            _stats.OnPartSent(part.Info.MediaSequence, part.Body.Length, elapsed);
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
}
