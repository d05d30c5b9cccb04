using System.Buffers.Binary;
using System.Text;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>Error cause codes used here (RFC 9260 §3.3.10).</summary>
internal enum SctpErrorCause : ushort
{
    InvalidStreamIdentifier = 1,
    MissingMandatoryParameter = 2,
    StaleCookie = 3,
    OutOfResource = 4,
    UnrecognizedChunkType = 6,
    NoUserData = 9,
    UserInitiatedAbort = 12,
    ProtocolViolation = 13,
}

/// <summary>Builds and reads the error-cause TLVs carried by ABORT and ERROR.</summary>
internal static class ErrorCauses
{
    /// <summary>One cause with a UTF-8 text value (User-Initiated Abort, Protocol Violation).</summary>
    public static byte[] Create(SctpErrorCause code, ReadOnlySpan<byte> info)
    {
        var cause = new byte[SctpPacket.Pad4(4 + info.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(cause, (ushort)code);
        BinaryPrimitives.WriteUInt16BigEndian(cause.AsSpan(2), (ushort)(4 + info.Length));
        info.CopyTo(cause.AsSpan(4));
        return cause;
    }

    public static byte[] Create(SctpErrorCause code, string text) => Create(code, Encoding.UTF8.GetBytes(text));

    /// <summary>A short description for logs: the first cause's code and any printable text.</summary>
    public static string Describe(ReadOnlySpan<byte> causes)
    {
        if (causes.Length < 4)
        {
            return "no cause";
        }

        var code = (SctpErrorCause)BinaryPrimitives.ReadUInt16BigEndian(causes);
        int length = Math.Clamp(BinaryPrimitives.ReadUInt16BigEndian(causes[2..]), 4, causes.Length);
        var info = causes[4..length];
        return code is SctpErrorCause.UserInitiatedAbort or SctpErrorCause.ProtocolViolation
            ? $"{code}: {Encoding.UTF8.GetString(info)}"
            : code.ToString();
    }
}

/// <summary>
/// ABORT (RFC 9260 §3.3.7, T bit = verification tag reflected) and OPERATION ERROR (§3.3.10),
/// which share one layout: the chunk header followed by zero or more error causes (kept raw).
/// </summary>
internal sealed record ErrorCarryingChunk(SctpChunkType Type, bool TagReflected, byte[] Causes)
{
    public const byte FlagT = 0x01;

    public static bool TryRead(ReadOnlySpan<byte> data, out ErrorCarryingChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!SctpPacket.TryReadChunk(data, out var view, out consumed)
            || (view.Type != (byte)SctpChunkType.Abort && view.Type != (byte)SctpChunkType.Error))
        {
            consumed = 0;
            return false;
        }

        chunk = new ErrorCarryingChunk((SctpChunkType)view.Type, (view.Flags & FlagT) != 0, view.Value.ToArray());
        return true;
    }

    public int GetSize() => 4 + Causes.Length;

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)Type, TagReflected ? FlagT : (byte)0, Causes.Length);
        Causes.CopyTo(destination[4..]);
        return ChunkWriting.Pad(destination, GetSize());
    }
}
