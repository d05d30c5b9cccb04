using NAudio.Wave;
using NLayer;

namespace StreamSwarm.Media.Audio;

/// <summary>Decodes MP3 with NLayer (managed, no native codec) into float samples; optionally loops.</summary>
internal sealed class Mp3SampleProvider : ISampleProvider, IDisposable
{
    private readonly MpegFile _file;
    private readonly bool _loop;
    private float[] _scratch = [];

    public Mp3SampleProvider(string path, bool loop)
    {
        _file = new MpegFile(path);
        _loop = loop;
        if (_file.SampleRate <= 0 || _file.Channels is < 1 or > 2)
        {
            _file.Dispose();
            throw new InvalidDataException($"'{path}' is not an MP3 file this pipeline can play (1 or 2 channels).");
        }

        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(_file.SampleRate, _file.Channels);
    }

    public WaveFormat WaveFormat { get; }

    public int Read(Span<float> buffer)
    {
        if (_scratch.Length < buffer.Length)
        {
            _scratch = new float[buffer.Length];
        }

        var n = Read(_scratch, 0, buffer.Length);
        _scratch.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public int Read(float[] buffer, int offset, int count)
    {
        var total = 0;
        var rewound = false;
        while (total < count)
        {
            var n = _file.ReadSamples(buffer, offset + total, count - total);
            if (n > 0)
            {
                total += n;
                rewound = false;
                continue;
            }

            if (!_loop || rewound)
            {
                break;
            }

            _file.Position = 0;
            rewound = true;
        }

        return total;
    }

    public void Dispose() => _file.Dispose();
}
