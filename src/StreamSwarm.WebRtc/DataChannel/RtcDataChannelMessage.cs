using System.Text;

namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>One received message: text (PPID 51/54/56) or binary (53/52/57).</summary>
public sealed class RtcDataChannelMessage
{
    private string? _text;

    internal RtcDataChannelMessage(bool isText, byte[] data)
    {
        IsText = isText;
        Data = data;
    }

    /// <summary>True for a string message.</summary>
    public bool IsText { get; }

    /// <summary>The payload bytes (UTF-8 for text).</summary>
    public byte[] Data { get; }

    /// <summary>The payload decoded as UTF-8 (invalid sequences replaced).</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Data);
}
