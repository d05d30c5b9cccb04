using System.Collections.Concurrent;

namespace StreamSwarm.Server.Swarm;

/// <summary>
/// Counts the media bytes (init, segments, parts — not playlists) the origin sends per stream,
/// measured on the response body itself, so viewers' own figures can be checked against it.
/// </summary>
public sealed class OriginEgressCounter
{
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public long BytesServed(string stream) => _bytes.GetValueOrDefault(stream);

    public void Add(string stream, long bytes) => _bytes.AddOrUpdate(stream, bytes, (_, v) => v + bytes);

    /// <summary>Middleware: wraps the response body of <c>/live/{stream}/…/*.m4s|*.mp4</c> in a counting stream.</summary>
    public async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith("/live/", StringComparison.Ordinal)
            || !(path.EndsWith(".m4s", StringComparison.Ordinal) || path.EndsWith(".mp4", StringComparison.Ordinal)))
        {
            await next(context);
            return;
        }

        var end = path.IndexOf('/', 6);
        if (end < 0)
        {
            await next(context);
            return;
        }

        var stream = path[6..end];
        var original = context.Response.Body;
        var counting = new CountingStream(original);
        context.Response.Body = counting;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
            if (counting.Written > 0)
            {
                Add(stream, counting.Written);
            }
        }
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
