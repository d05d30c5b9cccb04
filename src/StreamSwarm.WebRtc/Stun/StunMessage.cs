using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// A parsed STUN message (RFC 8489 §5, §14): header plus attribute TLVs over a private copy of
/// the bytes (STUN is the control path; the copy keeps the message valid after the receive
/// buffer is reused). Write messages with <see cref="StunMessageWriter"/>.
/// </summary>
/// <remarks>
/// RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and
/// FINGERPRINT are ignored; §14.7: nothing follows FINGERPRINT. Ignored attributes are framed
/// (the message must still be well formed) but are not listed in <see cref="Attributes"/>.
/// Unknown comprehension-optional attributes (Chrome's 0xC057 network cost) are listed and
/// otherwise ignored.
/// </remarks>
public sealed class StunMessage
{
    private readonly byte[] _raw;
    private readonly StunAttribute[] _attributes;

    private StunMessage(StunHeader header, byte[] raw, StunAttribute[] attributes)
    {
        Header = header;
        _raw = raw;
        _attributes = attributes;
    }

    /// <summary>The header.</summary>
    public StunHeader Header { get; }

    /// <summary>Method.</summary>
    public StunMethod Method => Header.Method;

    /// <summary>Class.</summary>
    public StunClass Class => Header.Class;

    /// <summary>Transaction ID.</summary>
    public StunTransactionId TransactionId => Header.TransactionId;

    /// <summary>The message bytes (header and attributes).</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    /// <summary>Attributes that count (see remarks), in wire order.</summary>
    public IReadOnlyList<StunAttribute> Attributes => _attributes;

    /// <summary>
    /// Parses one message from the start of <paramref name="source"/>. Never throws on bad
    /// input: returns false for anything that is not a well-formed STUN message. Bytes after the
    /// header's Length are not consumed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out StunMessage? message, out int consumed)
    {
        message = null;
        consumed = 0;
        if (!StunHeader.TryRead(source, out var header, out _) || StunHeader.Size + header.Length > source.Length)
        {
            return false;
        }

        int total = StunHeader.Size + header.Length;
        var body = source[StunHeader.Size..total];
        var attributes = new List<StunAttribute>(8);
        bool afterIntegrity = false;
        bool afterFingerprint = false;
        int offset = 0;
        while (offset < body.Length)
        {
            if (!StunAttribute.TryRead(body[offset..], StunHeader.Size + offset, out var attribute, out int used))
            {
                return false;
            }

            offset += used;
            if (afterFingerprint)
            {
                continue;
            }

            var type = attribute.Type;
            if (afterIntegrity && type != StunAttributeType.MessageIntegritySha256 && type != StunAttributeType.Fingerprint)
            {
                continue;
            }

            if ((type == StunAttributeType.MessageIntegrity && attribute.ValueLength != MessageIntegrityAttribute.Size) ||
                (type == StunAttributeType.Fingerprint && attribute.ValueLength != FingerprintAttribute.Size))
            {
                return false;
            }

            attributes.Add(attribute);
            afterIntegrity |= type is StunAttributeType.MessageIntegrity or StunAttributeType.MessageIntegritySha256;
            afterFingerprint |= type == StunAttributeType.Fingerprint;
        }

        message = new StunMessage(header, source[..total].ToArray(), [.. attributes]);
        consumed = total;
        return true;
    }

    /// <summary>Size of the message on the wire.</summary>
    public int GetSize() => _raw.Length;

    /// <summary>Writes the received bytes back unchanged.</summary>
    public int Write(Span<byte> destination)
    {
        _raw.CopyTo(destination);
        return _raw.Length;
    }

    /// <summary>The value bytes of an attribute of this message.</summary>
    public ReadOnlySpan<byte> GetValue(StunAttribute attribute) => _raw.AsSpan(attribute.ValueOffset, attribute.ValueLength);

    /// <summary>Finds the first attribute of a type.</summary>
    public bool TryGetAttribute(StunAttributeType type, out StunAttribute attribute)
    {
        foreach (var a in _attributes)
        {
            if (a.Type == type)
            {
                attribute = a;
                return true;
            }
        }

        attribute = default;
        return false;
    }

    /// <summary>Whether an attribute of the type is present.</summary>
    public bool Contains(StunAttributeType type) => TryGetAttribute(type, out _);

    /// <summary>A UTF-8 text attribute (USERNAME, REALM, NONCE, SOFTWARE).</summary>
    public bool TryGetString(StunAttributeType type, out string value)
    {
        value = string.Empty;
        if (!TryGetAttribute(type, out var attribute))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(GetValue(attribute));
        return true;
    }

    /// <summary>A 32-bit attribute (PRIORITY, LIFETIME).</summary>
    public bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        value = 0;
        if (!TryGetAttribute(type, out var attribute) || attribute.ValueLength != 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(GetValue(attribute));
        return true;
    }

    /// <summary>A 64-bit attribute (ICE-CONTROLLING, ICE-CONTROLLED).</summary>
    public bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        value = 0;
        if (!TryGetAttribute(type, out var attribute) || attribute.ValueLength != 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64BigEndian(GetValue(attribute));
        return true;
    }

    /// <summary>An XOR-encoded address attribute (XOR-MAPPED/PEER/RELAYED-ADDRESS).</summary>
    public bool TryGetXorAddress(StunAttributeType type, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (!TryGetAttribute(type, out var attribute) ||
            !XorAddressAttribute.TryRead(GetValue(attribute), TransactionId, out var decoded))
        {
            return false;
        }

        endPoint = decoded.EndPoint;
        return true;
    }

    /// <summary>MAPPED-ADDRESS.</summary>
    public bool TryGetMappedAddress(out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (!TryGetAttribute(StunAttributeType.MappedAddress, out var attribute) ||
            !MappedAddressAttribute.TryRead(GetValue(attribute), out var decoded))
        {
            return false;
        }

        endPoint = decoded.EndPoint;
        return true;
    }

    /// <summary>ERROR-CODE.</summary>
    public bool TryGetErrorCode(out ErrorCodeAttribute error)
    {
        error = default;
        return TryGetAttribute(StunAttributeType.ErrorCode, out var attribute) &&
            ErrorCodeAttribute.TryRead(GetValue(attribute), out error);
    }

    /// <summary>
    /// Comprehension-required attribute types (below 0x8000) not in <paramref name="known"/>;
    /// a request containing any must be answered with 420 (RFC 8489 §6.3.1).
    /// </summary>
    public List<ushort> GetUnknownComprehensionRequired(ReadOnlySpan<StunAttributeType> known)
    {
        var unknown = new List<ushort>();
        foreach (var a in _attributes)
        {
            if (a.IsComprehensionRequired && !known.Contains(a.Type))
            {
                unknown.Add(a.RawType);
            }
        }

        return unknown;
    }

    /// <summary>Whether MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => Contains(StunAttributeType.MessageIntegrity);

    /// <summary>Whether FINGERPRINT is present.</summary>
    public bool HasFingerprint => Contains(StunAttributeType.Fingerprint);

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (HMAC-SHA1) with <paramref name="key"/>, or, when only
    /// MESSAGE-INTEGRITY-SHA256 is present, that one. False when neither is present.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (TryGetAttribute(StunAttributeType.MessageIntegrity, out var mi))
        {
            return MessageIntegrityAttribute.Verify(_raw, mi.Offset, key);
        }

        return TryGetAttribute(StunAttributeType.MessageIntegritySha256, out var mi256) &&
            MessageIntegritySha256Attribute.Verify(_raw, mi256.Offset, mi256.ValueLength, key);
    }

    /// <summary>Checks MESSAGE-INTEGRITY-SHA256; false when absent.</summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) =>
        TryGetAttribute(StunAttributeType.MessageIntegritySha256, out var mi256) &&
        MessageIntegritySha256Attribute.Verify(_raw, mi256.Offset, mi256.ValueLength, key);

    /// <summary>Checks FINGERPRINT; false when absent.</summary>
    public bool VerifyFingerprint() =>
        TryGetAttribute(StunAttributeType.Fingerprint, out var fp) && FingerprintAttribute.Verify(_raw, fp.Offset);

    /// <inheritdoc/>
    public override string ToString() => $"STUN {Method} {Class} {TransactionId} ({_attributes.Length} attributes)";
}
