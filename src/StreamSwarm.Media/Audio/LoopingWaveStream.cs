using NAudio.Wave;

namespace StreamSwarm.Media.Audio;

/// <summary>Plays a seekable <see cref="WaveStream"/> forever by rewinding at its end.</summary>
internal sealed class LoopingWaveStream : WaveStream
{
    private readonly WaveStream _source;

    public LoopingWaveStream(WaveStream source) => _source = source;

    public override WaveFormat WaveFormat => _source.WaveFormat;

    public override long Length => _source.Length;

    public override long Position
    {
        get => _source.Position;
        set => _source.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var total = 0;
        while (total < count)
        {
            var n = _source.Read(buffer, offset + total, count - total);
            if (n == 0)
            {
                if (_source.Length == 0 || _source.Position == 0)
                {
                    break;
                }

                _source.Position = 0;
                continue;
            }

            total += n;
        }

        return total;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
