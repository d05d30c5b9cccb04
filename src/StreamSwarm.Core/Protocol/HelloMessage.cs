using StreamSwarm.Core.Media;

namespace StreamSwarm.Core.Protocol;

/// <summary>
/// HELLO (0x01): the first message on a neighbour channel.
/// <code>type:u8=0x01 version:u8 flags:u8 stream:str renditions:u8 (name:str)* uploadKbps:u32</code>
/// </summary>
public sealed record HelloMessage(string Stream, IReadOnlyList<string> Renditions, uint UploadKbps, bool IsSeed = false)
{
    public const int MaxRenditions = 8;
    private const byte SeedFlag = 0x01;

    public static bool TryRead(ReadOnlySpan<byte> message, out HelloMessage? hello, out PeerProtocolError error)
    {
        hello = null;
        var r = new WireReader(message, PeerMessageType.Hello);
        var version = r.U8();
        var flags = r.U8();
        if (r.Error == PeerProtocolError.None && (version != PeerMessage.Version || (flags & ~SeedFlag) != 0))
        {
            r.Fail(PeerProtocolError.BadVersion);
        }

        var stream = r.Name();
        var count = r.U8();
        if (r.Error == PeerProtocolError.None && count is 0 or > MaxRenditions)
        {
            r.Fail(PeerProtocolError.BadCount);
        }

        var names = new string[r.Error == PeerProtocolError.None ? count : 0];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = r.Name();
        }

        var upload = r.U32();
        if (!r.End(out error))
        {
            return false;
        }

        hello = new HelloMessage(stream, names, upload, (flags & SeedFlag) != 0);
        return true;
    }

    public int GetSize()
    {
        var size = 1 + 1 + 1 + 1 + Stream.Length + 1 + 4;
        foreach (var name in Renditions)
        {
            size += 1 + name.Length;
        }

        return size;
    }

    /// <summary>Writes the message; throws when the fields break the protocol's limits (a caller bug).</summary>
    public int Write(Span<byte> destination)
    {
        if (MediaNames.Describe(Stream, "Stream") is { } bad)
        {
            throw new ArgumentException(bad);
        }

        if (Renditions.Count is 0 or > MaxRenditions)
        {
            throw new ArgumentException($"HELLO carries 1-{MaxRenditions} renditions, not {Renditions.Count}.");
        }

        var w = new WireWriter(destination);
        w.U8((byte)PeerMessageType.Hello);
        w.U8(PeerMessage.Version);
        w.U8(IsSeed ? SeedFlag : (byte)0);
        w.Name(Stream);
        w.U8((byte)Renditions.Count);
        foreach (var name in Renditions)
        {
            if (MediaNames.Describe(name, "Rendition") is { } badName)
            {
                throw new ArgumentException(badName);
            }

            w.Name(name);
        }

        w.U32(UploadKbps);
        return w.Written;
    }

    public bool Equals(HelloMessage? other) =>
        other is not null && Stream == other.Stream && UploadKbps == other.UploadKbps && IsSeed == other.IsSeed
        && Renditions.SequenceEqual(other.Renditions);

    public override int GetHashCode() => HashCode.Combine(Stream, UploadKbps, IsSeed, Renditions.Count);
}
