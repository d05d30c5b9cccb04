namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// Walks the child boxes of a complete, contiguous payload. Every child must lie wholly inside it;
/// anything else throws <see cref="Fmp4FormatException"/>.
/// </summary>
internal ref struct BoxIterator
{
    /// <summary>Deepest container nesting accepted: CMAF needs 8 (moov/trak/mdia/minf/stbl/stsd/avc1/avcC).</summary>
    public const int MaxDepth = 12;

    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    public BoxIterator(ReadOnlySpan<byte> data, int depth)
    {
        if (depth > MaxDepth)
        {
            Fmp4Throw.Format(Fmp4Error.NestingTooDeep, $"Boxes nest deeper than {MaxDepth} levels.");
        }

        _data = data;
        _offset = 0;
    }

    /// <summary>Offset of the box last returned, from the start of the walked payload.</summary>
    public int CurrentOffset { get; private set; }

    public bool MoveNext(out BoxHeader header, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        header = default;
        if (_offset >= _data.Length)
        {
            return false;
        }

        var rest = _data[_offset..];
        if (!BoxHeader.TryRead(rest, out header, out var error))
        {
            Fmp4Throw.Format(error == Fmp4Error.None ? Fmp4Error.Truncated : error, $"Bad box header at offset {_offset}: {(error == Fmp4Error.None ? Fmp4Error.Truncated : error)}.");
        }

        if (header.Size > rest.Length)
        {
            Fmp4Throw.Format(Fmp4Error.SizePastEnd, $"'{header.TypeName}' box at offset {_offset} claims {header.Size} bytes, only {rest.Length} remain.");
        }

        var size = (int)header.Size;
        payload = rest[header.HeaderSize..size];
        CurrentOffset = _offset;
        _offset += size;
        return true;
    }

    /// <summary>Finds the first child of a type, or returns false.</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, int depth, uint type, out ReadOnlySpan<byte> payload)
    {
        var it = new BoxIterator(data, depth);
        while (it.MoveNext(out var header, out payload))
        {
            if (header.Type == type)
            {
                return true;
            }
        }

        payload = default;
        return false;
    }

    /// <summary>
    /// Walks every container box under <paramref name="data"/> so that bad sizes or hostile nesting
    /// anywhere in the tree are found, not only on the path the parsers read.
    /// </summary>
    public static void ValidateTree(ReadOnlySpan<byte> data, int depth)
    {
        var it = new BoxIterator(data, depth);
        while (it.MoveNext(out var header, out var payload))
        {
            if (IsContainer(header.Type))
            {
                ValidateTree(payload, depth + 1);
            }
        }
    }

    private static bool IsContainer(uint type) => type is FourCC.Moov or FourCC.Trak or FourCC.Mdia or FourCC.Minf
        or FourCC.Stbl or FourCC.Mvex or FourCC.Moof or FourCC.Traf or FourCC.Edts or FourCC.Dinf or FourCC.Udta;
}
