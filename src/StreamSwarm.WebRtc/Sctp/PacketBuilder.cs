using StreamSwarm.WebRtc.Transport;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>Bundles chunks into one reusable packet buffer and sends it when full or flushed (RFC 9260 §6.10).</summary>
internal sealed class PacketBuilder
{
    private readonly IDatagramTransport _transport;
    private readonly byte[] _buffer;
    private readonly ushort _localPort;
    private readonly ushort _remotePort;
    private int _length;
    private uint _tag;

    public PacketBuilder(IDatagramTransport transport, int maxPacketSize, ushort localPort, ushort remotePort)
    {
        _transport = transport;
        _buffer = new byte[maxPacketSize];
        _localPort = localPort;
        _remotePort = remotePort;
    }

    public int MaxPacketSize => _buffer.Length;

    /// <summary>Bytes still free in the current packet (a full packet when none is open).</summary>
    public int Remaining => _length == 0 ? _buffer.Length - SctpPacketHeader.Size : _buffer.Length - _length;

    public int PacketsSent { get; private set; }

    /// <summary>Space for a chunk of <paramref name="size"/> bytes under <paramref name="tag"/>, sending the open packet first if needed.</summary>
    public Span<byte> Claim(uint tag, int size)
    {
        int padded = SctpPacket.Pad4(size);
        if (_length != 0 && (_tag != tag || _length + padded > _buffer.Length))
        {
            Flush();
        }

        if (_length == 0)
        {
            _tag = tag;
            _length = new SctpPacketHeader(_localPort, _remotePort, tag).Write(_buffer);
        }

        if (_length + padded > _buffer.Length)
        {
            throw new InvalidOperationException($"Chunk of {size} bytes does not fit a packet.");
        }

        return _buffer.AsSpan(_length, padded);
    }

    public void Commit(int written) => _length += SctpPacket.Pad4(written);

    public void Flush()
    {
        if (_length == 0)
        {
            return;
        }

        var packet = _buffer.AsSpan(0, _length);
        SctpPacket.SetChecksum(packet);
        _transport.Send(packet);
        PacketsSent++;
        _length = 0;
    }
}
