namespace StreamSwarm.Media.Fmp4;

/// <summary>Four-character box and handler codes as big-endian <see cref="uint"/>s.</summary>
public static class FourCC
{
    public const uint Ftyp = 0x66747970; // 'ftyp'
    public const uint Styp = 0x73747970; // 'styp'
    public const uint Moov = 0x6D6F6F76; // 'moov'
    public const uint Mvhd = 0x6D766864; // 'mvhd'
    public const uint Mvex = 0x6D766578; // 'mvex'
    public const uint Trex = 0x74726578; // 'trex'
    public const uint Trak = 0x7472616B; // 'trak'
    public const uint Tkhd = 0x746B6864; // 'tkhd'
    public const uint Mdia = 0x6D646961; // 'mdia'
    public const uint Mdhd = 0x6D646864; // 'mdhd'
    public const uint Hdlr = 0x68646C72; // 'hdlr'
    public const uint Minf = 0x6D696E66; // 'minf'
    public const uint Stbl = 0x7374626C; // 'stbl'
    public const uint Stsd = 0x73747364; // 'stsd'
    public const uint Avc1 = 0x61766331; // 'avc1'
    public const uint Avc3 = 0x61766333; // 'avc3'
    public const uint AvcC = 0x61766343; // 'avcC'
    public const uint Mp4a = 0x6D703461; // 'mp4a'
    public const uint Esds = 0x65736473; // 'esds'
    public const uint Moof = 0x6D6F6F66; // 'moof'
    public const uint Mfhd = 0x6D666864; // 'mfhd'
    public const uint Traf = 0x74726166; // 'traf'
    public const uint Tfhd = 0x74666864; // 'tfhd'
    public const uint Tfdt = 0x74666474; // 'tfdt'
    public const uint Trun = 0x7472756E; // 'trun'
    public const uint Mdat = 0x6D646174; // 'mdat'
    public const uint Mfra = 0x6D667261; // 'mfra'
    public const uint Sidx = 0x73696478; // 'sidx'
    public const uint Prft = 0x70726674; // 'prft'
    public const uint Free = 0x66726565; // 'free'
    public const uint Skip = 0x736B6970; // 'skip'
    public const uint Edts = 0x65647473; // 'edts'
    public const uint Dinf = 0x64696E66; // 'dinf'
    public const uint Udta = 0x75647461; // 'udta'
    public const uint Uuid = 0x75756964; // 'uuid'
    public const uint Vide = 0x76696465; // 'vide'
    public const uint Soun = 0x736F756E; // 'soun'

    public static string ToString(uint code)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var b = (byte)(code >> (24 - (8 * i)));
            chars[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return new string(chars);
    }
}
