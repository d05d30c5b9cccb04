namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// The input is not well-formed fMP4/CMAF. The only exception the box reader, the init and
/// fragment parsers and the segmenter throw for bad bytes; <see cref="Error"/> says which rule broke.
/// </summary>
public sealed class Fmp4FormatException : Exception
{
    public Fmp4FormatException()
        : this(Fmp4Error.InvalidValue, "Malformed fMP4.")
    {
    }

    public Fmp4FormatException(string message)
        : this(Fmp4Error.InvalidValue, message)
    {
    }

    public Fmp4FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = Fmp4Error.InvalidValue;
    }

    public Fmp4FormatException(Fmp4Error error, string message)
        : base(message)
    {
        Error = error;
    }

    public Fmp4Error Error { get; }
}

/// <summary>Throw helpers kept off the parsing hot path.</summary>
internal static class Fmp4Throw
{
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Format(Fmp4Error error, string message) => throw new Fmp4FormatException(error, message);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Truncated(uint boxType) =>
        throw new Fmp4FormatException(Fmp4Error.Truncated, $"'{FourCC.ToString(boxType)}' box is shorter than its fields.");
}
