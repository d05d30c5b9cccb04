using System.Buffers.Binary;
using System.Text;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Core.Protocol;

/// <summary>
/// Bounds-checked big-endian reader over one message. Every read returns false once the data
/// runs out, and the first failure sticks, so codecs read all fields and check once.
/// </summary>
internal ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public WireReader(ReadOnlySpan<byte> message, PeerMessageType expected)
    {
        _data = message;
        if (message.IsEmpty)
        {
            Error = PeerProtocolError.Empty;
        }
        else if (message[0] != (byte)expected)
        {
            throw new ArgumentException($"The message is of type 0x{message[0]:x2}, not {expected}.", nameof(message));
        }
        else if (message.Length > PeerMessage.MaxMessageSize)
        {
            Error = PeerProtocolError.TooLong;
        }

        _position = 1;
    }

    public PeerProtocolError Error { get; private set; }

    public int Remaining => Error == PeerProtocolError.None ? _data.Length - _position : 0;

    public byte U8()
    {
        if (!Has(1))
        {
            return 0;
        }

        return _data[_position++];
    }

    public ushort U16()
    {
        if (!Has(2))
        {
            return 0;
        }

        var v = BinaryPrimitives.ReadUInt16BigEndian(_data[_position..]);
        _position += 2;
        return v;
    }

    public uint U32()
    {
        if (!Has(4))
        {
            return 0;
        }

        var v = BinaryPrimitives.ReadUInt32BigEndian(_data[_position..]);
        _position += 4;
        return v;
    }

    public ReadOnlySpan<byte> Bytes(int count)
    {
        if (!Has(count))
        {
            return default;
        }

        var v = _data.Slice(_position, count);
        _position += count;
        return v;
    }

    /// <summary>A length-prefixed name that must follow <see cref="MediaNames"/>.</summary>
    public string Name()
    {
        var length = U8();
        var bytes = Bytes(length);
        if (Error != PeerProtocolError.None)
        {
            return string.Empty;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] > 0x7f)
            {
                Fail(PeerProtocolError.BadName);
                return string.Empty;
            }
        }

        var name = Encoding.ASCII.GetString(bytes);
        if (!MediaNames.IsValid(name))
        {
            Fail(PeerProtocolError.BadName);
            return string.Empty;
        }

        return name;
    }

    public void Fail(PeerProtocolError error)
    {
        if (Error == PeerProtocolError.None)
        {
            Error = error;
        }
    }

    /// <summary>True when every field was read and nothing is left over.</summary>
    public readonly bool End(out PeerProtocolError error)
    {
        error = Error != PeerProtocolError.None ? Error
            : _position != _data.Length ? PeerProtocolError.TrailingBytes
            : PeerProtocolError.None;
        return error == PeerProtocolError.None;
    }

    private bool Has(int count)
    {
        if (Error != PeerProtocolError.None)
        {
            return false;
        }

        if (_data.Length - _position < count)
        {
            Error = PeerProtocolError.Truncated;
            return false;
        }

        return true;
    }
}
