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
    private readonly string _sessionId;
    private readonly UploadQueueOptions _options;
    private readonly BroadcastStats _stats;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public UploadQueue(
        IngestClient client,
        string sessionId,
        UploadQueueOptions options,
        BroadcastStats stats,
        ILogger logger,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _sessionId = sessionId;
        _options = options;
        _stats = stats;
        _logger = logger;
        _time = time;
        _channel = Channel.CreateBounded<UploadItem>(new BoundedChannelOptions(options.Capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Count => _channel.Reader.Count;

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
                await UploadWithRetryAsync(item, cancellationToken);
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
        var firstFailure = 0L;
        var delay = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _client.UploadAsync(_sessionId, item, cancellationToken);
                Record(item, Stopwatch.GetElapsedTime(started));
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
