using System.Globalization;
using Microsoft.Extensions.Logging;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// Records one rendition (the ladder's top) to a local fragmented MP4: the init segment, then every
/// part as it is made. A fragmented MP4 needs no index at its end, so the file plays at any moment,
/// even when the broadcaster is killed. After an encoder restart the timestamps start again at 0, so
/// the new init segment opens a new file beside the first (<c>show-2.mp4</c>, <c>show-3.mp4</c>).
/// A write failure (disk full) stops the recording with a notice; the broadcast goes on.
/// </summary>
internal sealed partial class Mp4Recorder(string path, string rendition, Action<string> notice, ILogger logger) : IAsyncDisposable
{
    private readonly List<string> _files = [];
    private FileStream? _file;
    private bool _failed;

    /// <summary>The rendition recorded.</summary>
    public string Rendition { get; } = rendition;

    /// <summary>Files written so far, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    public async ValueTask OnInitSegmentAsync(ReadOnlyMemory<byte> init, CancellationToken cancellationToken)
    {
        if (_failed)
        {
            return;
        }

        await CloseAsync();
        var next = _files.Count == 0 ? path : NumberedPath(path, _files.Count + 1);
        try
        {
            _file = new FileStream(next, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            _files.Add(next);
            LogRecording(logger, next, Rendition);
            await _file.WriteAsync(init, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await FailAsync(next, ex);
        }
    }

    public async ValueTask OnPartAsync(ReadOnlyMemory<byte> part, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            return;
        }

        try
        {
            await _file.WriteAsync(part, cancellationToken);
        }
        catch (IOException ex)
        {
            await FailAsync(_file.Name, ex);
        }
    }

    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary><c>show.mp4</c>, 2 → <c>show-2.mp4</c>.</summary>
    internal static string NumberedPath(string path, int number)
    {
        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        return Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{name}-{number}{extension}"));
    }

    private async Task FailAsync(string file, Exception ex)
    {
        _failed = true;
        LogFailed(logger, ex, file);
        notice($"Recording to {file} stopped: {ex.Message} The broadcast goes on.");
        await CloseAsync();
    }

    private async ValueTask CloseAsync()
    {
        var file = _file;
        _file = null;
        if (file is not null)
        {
            try
            {
                await file.DisposeAsync();
            }
            catch (IOException ex)
            {
                LogFailed(logger, ex, file.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording rendition {Rendition} to {Path}")]
    private static partial void LogRecording(ILogger logger, string path, string rendition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording to {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);
}
