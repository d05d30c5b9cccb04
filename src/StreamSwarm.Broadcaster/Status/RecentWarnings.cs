using Microsoft.Extensions.Logging;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// Keeps the last few warnings and errors logged anywhere in the broadcaster, and the notices meant
/// for the streamer, for the dashboard's "recent" lines; the full log still goes to the log file.
/// </summary>
public sealed class RecentWarnings(TimeProvider time, int capacity = RecentWarnings.DefaultCapacity) : ILoggerProvider
{
    /// <summary>Entries kept. Default 4: what fits under the dashboard on a 24-line terminal.</summary>
    public const int DefaultCapacity = 4;

    private readonly Lock _gate = new();
    private readonly Queue<Entry> _entries = new(capacity);

    /// <summary>One warning: when, how bad, and the message on one line.</summary>
    public sealed record Entry(DateTimeOffset At, LogLevel Level, string Message);

    public IReadOnlyList<Entry> Take()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    /// <summary>A notice for the streamer (encoder chosen, ffmpeg restarted, session renewed), shown with the warnings.</summary>
    public void AddNotice(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Add(LogLevel.Information, message);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string message)
    {
        var entry = new Entry(time.GetUtcNow(), level, message.ReplaceLineEndings(" "));
        lock (_gate)
        {
            if (_entries.Count == capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(entry);
        }
    }

    private sealed class Logger(RecentWarnings owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(logLevel, formatter(state, exception));
            }
        }
    }
}
