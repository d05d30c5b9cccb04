using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// A local socket that one ffmpeg output writes to, so that one process can feed several readers
/// (stdout carries only one stream). On Linux and macOS it is a Unix domain socket in a directory
/// only this user can enter (ffmpeg's <c>unix:</c> protocol); elsewhere TCP on 127.0.0.1
/// (<c>tcp://</c>). Both are epoll/IOCP-driven in .NET, unlike a FIFO, whose reads would each hold a
/// thread-pool thread, and whose open blocks until ffmpeg opens the other end.
/// The first connection is the output; the listener closes once it is accepted.
/// </summary>
public sealed class FfmpegOutputSocket : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string? _path;
    private Socket? _accepted;

    private FfmpegOutputSocket(Socket listener, string url, string? path)
    {
        _listener = listener;
        Url = url;
        _path = path;
    }

    /// <summary>What to give ffmpeg as the output URL.</summary>
    public string Url { get; }

    /// <summary>
    /// Listens on a new socket. <paramref name="directory"/> must be private to this user (e.g. made by
    /// <see cref="Directory.CreateTempSubdirectory(string)"/>, mode 0700): whoever can connect first is taken for ffmpeg.
    /// </summary>
    public static FfmpegOutputSocket Listen(string directory, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Socket.OSSupportsUnixDomainSockets && !OperatingSystem.IsWindows())
        {
            var path = Path.Combine(directory, name + ".sock");
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                unix.Bind(new UnixDomainSocketEndPoint(path));
                unix.Listen(1);
            }
            catch
            {
                unix.Dispose();
                throw;
            }

            return new FfmpegOutputSocket(unix, "unix:" + path, path);
        }

        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            tcp.Listen(1);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }

        var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
        return new FfmpegOutputSocket(tcp, $"tcp://127.0.0.1:{port}", null);
    }

    /// <summary>Waits for ffmpeg to open the output; the reader ends when ffmpeg closes it or exits.</summary>
    public async Task<PipeReader> AcceptAsync(int bufferBytes, CancellationToken cancellationToken)
    {
        var socket = await _listener.AcceptAsync(cancellationToken);
        _accepted = socket;
        _listener.Dispose();
        socket.ReceiveBufferSize = Math.Max(socket.ReceiveBufferSize, bufferBytes);
        var stream = new NetworkStream(socket, ownsSocket: true);
        return PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: bufferBytes, minimumReadSize: bufferBytes / 4));
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _accepted?.Dispose();
        if (_path is not null)
        {
            try
            {
                File.Delete(_path);
            }
            catch (IOException)
            {
                // the directory goes with the encode anyway
            }
        }

        return ValueTask.CompletedTask;
    }
}
