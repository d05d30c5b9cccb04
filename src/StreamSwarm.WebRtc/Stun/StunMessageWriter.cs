using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// Writes a STUN message into a caller buffer without allocating (RFC 8489 §5, §14). Attributes
/// are appended in call order; the header length is kept current, so
/// <see cref="AddMessageIntegrity"/> and <see cref="AddFingerprint"/> can hash the prefix in place.
/// A buffer too small is a caller bug and throws.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private readonly StunTransactionId _transactionId;
    private int _length;

    /// <summary>Starts a message.</summary>
    public StunMessageWriter(Span<byte> buffer, StunMethod method, StunClass @class, StunTransactionId transactionId)
    {
        _buffer = buffer;
        _transactionId = transactionId;
        new StunHeader(method, @class, 0, transactionId).Write(buffer);
        _length = StunHeader.Size;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Reserves an attribute and returns its value span (padding zeroed).</summary>
    public Span<byte> AddAttribute(StunAttributeType type, int valueLength)
    {
        int padded = StunAttribute.Padded(valueLength);
        var slot = _buffer.Slice(_length, StunAttribute.HeaderSize + padded);
        BinaryPrimitives.WriteUInt16BigEndian(slot, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(slot[2..], (ushort)valueLength);
        slot[(StunAttribute.HeaderSize + valueLength)..].Clear();
        _length += slot.Length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunHeader.Size));
        return slot.Slice(StunAttribute.HeaderSize, valueLength);
    }

    /// <summary>An opaque value (DATA, or any attribute already encoded).</summary>
    public void AddBytes(StunAttributeType type, ReadOnlySpan<byte> value) => value.CopyTo(AddAttribute(type, value.Length));

    /// <summary>A UTF-8 text value (USERNAME, REALM, NONCE, SOFTWARE).</summary>
    public void AddString(StunAttributeType type, string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        Encoding.UTF8.GetBytes(value, AddAttribute(type, count));
    }

    /// <summary>A 32-bit value (PRIORITY, LIFETIME).</summary>
    public void AddUInt32(StunAttributeType type, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(AddAttribute(type, 4), value);

    /// <summary>A 64-bit value (ICE-CONTROLLING, ICE-CONTROLLED).</summary>
    public void AddUInt64(StunAttributeType type, ulong value) =>
        BinaryPrimitives.WriteUInt64BigEndian(AddAttribute(type, 8), value);

    /// <summary>An empty attribute (USE-CANDIDATE).</summary>
    public void AddFlag(StunAttributeType type) => AddAttribute(type, 0);

    /// <summary>An XOR-encoded address (XOR-MAPPED/PEER/RELAYED-ADDRESS).</summary>
    public void AddXorAddress(StunAttributeType type, IPEndPoint endPoint)
    {
        var attribute = new XorAddressAttribute(endPoint);
        attribute.Write(AddAttribute(type, attribute.GetSize()), _transactionId);
    }

    /// <summary>MAPPED-ADDRESS.</summary>
    public void AddMappedAddress(IPEndPoint endPoint)
    {
        var attribute = new MappedAddressAttribute(endPoint);
        attribute.Write(AddAttribute(StunAttributeType.MappedAddress, attribute.GetSize()));
    }

    /// <summary>ERROR-CODE.</summary>
    public void AddErrorCode(int code, string reason)
    {
        var attribute = new ErrorCodeAttribute(code, reason);
        attribute.Write(AddAttribute(StunAttributeType.ErrorCode, attribute.GetSize()));
    }

    /// <summary>UNKNOWN-ATTRIBUTES.</summary>
    public void AddUnknownAttributes(IReadOnlyList<ushort> types)
    {
        var attribute = new UnknownAttributesAttribute(types);
        attribute.Write(AddAttribute(StunAttributeType.UnknownAttributes, attribute.GetSize()));
    }

    /// <summary>REQUESTED-TRANSPORT.</summary>
    public void AddRequestedTransport(byte protocol) =>
        new RequestedTransportAttribute(protocol).Write(AddAttribute(StunAttributeType.RequestedTransport, 4));

    /// <summary>CHANNEL-NUMBER.</summary>
    public void AddChannelNumber(ushort channel) =>
        new ChannelNumberAttribute(channel).Write(AddAttribute(StunAttributeType.ChannelNumber, 4));

    /// <summary>MESSAGE-INTEGRITY over everything written so far (RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int prefix = _length;
        var mac = AddAttribute(StunAttributeType.MessageIntegrity, MessageIntegrityAttribute.Size);
        MessageIntegrityAttribute.Compute(key, _buffer[..prefix], mac);
    }

    /// <summary>MESSAGE-INTEGRITY-SHA256 (32 bytes) over everything written so far (RFC 8489 §14.6).</summary>
    public void AddMessageIntegritySha256(ReadOnlySpan<byte> key)
    {
        int prefix = _length;
        var mac = AddAttribute(StunAttributeType.MessageIntegritySha256, MessageIntegritySha256Attribute.Size);
        MessageIntegritySha256Attribute.Compute(key, _buffer[..prefix], mac);
    }

    /// <summary>FINGERPRINT; must be the last attribute (RFC 8489 §14.7).</summary>
    public void AddFingerprint()
    {
        int prefix = _length;
        var value = AddAttribute(StunAttributeType.Fingerprint, FingerprintAttribute.Size);
        BinaryPrimitives.WriteUInt32BigEndian(value, FingerprintAttribute.Compute(_buffer[..prefix]));
    }
}
