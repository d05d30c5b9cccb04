using System.Buffers;

namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// Cuts whole top-level boxes off a growing byte stream (a <see cref="System.IO.Pipelines.PipeReader"/>
/// buffer), in the consumed/examined style of Kestrel's parsers:
/// <code>
/// while (Fmp4BoxReader.TryReadBox(ref buffer, limit, out var header, out var box)) { ... }
/// reader.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// </summary>
public static class Fmp4BoxReader
{
    /// <summary>Default largest top-level box accepted: 64 MiB, far above a 2 s fragment at any sane bitrate.</summary>
    public const long DefaultMaxBoxSize = 64L * 1024 * 1024;

    /// <summary>
    /// When <paramref name="buffer"/> starts with a complete box, returns true, the box (header included) in
    /// <paramref name="box"/>, and advances <paramref name="buffer"/> past it. Returns false, leaving
    /// <paramref name="buffer"/> untouched, when more bytes are needed.
    /// </summary>
    /// <exception cref="Fmp4FormatException">The header is malformed or the box exceeds <paramref name="maxBoxSize"/>.</exception>
    public static bool TryReadBox(ref ReadOnlySequence<byte> buffer, long maxBoxSize, out BoxHeader header, out ReadOnlySequence<byte> box)
    {
        box = default;
        if (!BoxHeader.TryRead(buffer, out header, out var error))
        {
            if (error != Fmp4Error.None)
            {
                ThrowHeader(error, buffer);
            }

            return false;
        }

        if (header.Size > maxBoxSize)
        {
            Fmp4Throw.Format(Fmp4Error.BoxTooLarge, $"'{header.TypeName}' box of {header.Size} bytes exceeds the {maxBoxSize}-byte limit.");
        }

        if (buffer.Length < header.Size)
        {
            return false;
        }

        box = buffer.Slice(0, header.Size);
        buffer = buffer.Slice(header.Size);
        return true;
    }

    /// <summary>Reads every top-level box of a complete buffer; throws when it ends inside a box.</summary>
    public static void ReadAll(ReadOnlySpan<byte> data, List<BoxHeader> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var iterator = new BoxIterator(data, 0);
        while (iterator.MoveNext(out var header, out _))
        {
            boxes.Add(header);
        }
    }

    private static void ThrowHeader(Fmp4Error error, in ReadOnlySequence<byte> buffer)
    {
        var typeName = "????";
        if (buffer.Length >= 8)
        {
            Span<byte> head = stackalloc byte[8];
            buffer.Slice(0, 8).CopyTo(head);
            typeName = FourCC.ToString(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(head[4..]));
        }

        Fmp4Throw.Format(error, $"Bad '{typeName}' box header: {error}.");
    }
}
