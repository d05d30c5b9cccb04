using System.Text;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// ERROR-CODE (RFC 8489 §14.8):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// "The Class represents the hundreds digit of the error code. The value MUST be between 3 and 6.
/// The Number represents the binary encoding of the error code modulo 100".
/// </summary>
public readonly record struct ErrorCodeAttribute(int Code, string Reason)
{
    /// <summary>300 Try Alternate.</summary>
    public const int TryAlternate = 300;

    /// <summary>400 Bad Request.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthenticated.</summary>
    public const int Unauthenticated = 401;

    /// <summary>403 Forbidden (RFC 8656).</summary>
    public const int Forbidden = 403;

    /// <summary>420 Unknown Attribute.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>437 Allocation Mismatch (RFC 8656).</summary>
    public const int AllocationMismatch = 437;

    /// <summary>438 Stale Nonce.</summary>
    public const int StaleNonce = 438;

    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    /// <summary>500 Server Error.</summary>
    public const int ServerError = 500;

    /// <summary>Reads the value; false when shorter than 4 bytes or the class is out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ErrorCodeAttribute attribute)
    {
        attribute = default;
        if (value.Length < 4)
        {
            return false;
        }

        int hundreds = value[2] & 0x07;
        int number = value[3];
        if (hundreds is < 3 or > 6 || number > 99)
        {
            return false;
        }

        attribute = new ErrorCodeAttribute(hundreds * 100 + number, Encoding.UTF8.GetString(value[4..]));
        return true;
    }

    /// <summary>Value size without padding.</summary>
    public int GetSize() => 4 + Encoding.UTF8.GetByteCount(Reason);

    /// <summary>Writes the value.</summary>
    public int Write(Span<byte> destination)
    {
        if (Code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), Code, "ERROR-CODE must be 300–699.");
        }

        destination[0] = 0;
        destination[1] = 0;
        destination[2] = (byte)(Code / 100);
        destination[3] = (byte)(Code % 100);
        return 4 + Encoding.UTF8.GetBytes(Reason, destination[4..]);
    }
}
