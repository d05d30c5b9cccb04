using System.Globalization;
using System.Text;

namespace StreamSwarm.WebRtc.Sdp;

/// <summary>
/// Writes a data-channel description the way Chromium does (RFC 8841 §5, RFC 8829 §5.2): only the
/// attributes this stack implements, CRLF line endings. Unimplemented media sections of an offer are
/// answered with port 0 (rejected) and left out of the BUNDLE group.
/// </summary>
public static class SdpWriter
{
    /// <summary>Serialises <paramref name="description"/>.</summary>
    public static string Write(DataChannelDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var sb = new StringBuilder(1024);
        Line(sb, "v=0");
        Line(sb, $"o=- {description.SessionId} {description.SessionVersion} IN IP4 127.0.0.1");
        Line(sb, "s=-");
        Line(sb, "t=0 0");
        Line(sb, $"a=group:BUNDLE {description.Mid}");
        if (description.IceLite)
        {
            Line(sb, "a=ice-lite");
        }

        var sections = description.IgnoredMedia.Count + 1;
        var ignored = 0;
        for (var i = 0; i < sections; i++)
        {
            if (i == description.DataSectionIndex || (i == sections - 1 && ignored == description.IgnoredMedia.Count))
            {
                WriteData(sb, description);
            }
            else
            {
                var m = description.IgnoredMedia[ignored++];
                Line(sb, $"m={m.Media} 0 {m.Protocol} {m.Formats}");
                Line(sb, "c=IN IP4 0.0.0.0");
                if (m.Mid is not null)
                {
                    Line(sb, $"a=mid:{m.Mid}");
                }
            }
        }

        return sb.ToString();
    }

    private static void WriteData(StringBuilder sb, DataChannelDescription d)
    {
        Line(sb, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        Line(sb, "c=IN IP4 0.0.0.0");
        foreach (var candidate in d.Candidates)
        {
            Line(sb, "a=" + candidate);
        }

        if (d.EndOfCandidates)
        {
            Line(sb, "a=end-of-candidates");
        }

        Line(sb, "a=ice-ufrag:" + d.IceUfrag);
        Line(sb, "a=ice-pwd:" + d.IcePwd);
        if (d.IceTrickle)
        {
            Line(sb, "a=ice-options:trickle");
        }

        Line(sb, "a=fingerprint:" + d.Fingerprint);
        Line(sb, "a=setup:" + d.Setup switch
        {
            SdpSetup.Active => "active",
            SdpSetup.Passive => "passive",
            _ => "actpass",
        });
        Line(sb, "a=mid:" + d.Mid);
        Line(sb, "a=sctp-port:" + d.SctpPort.ToString(CultureInfo.InvariantCulture));
        Line(sb, "a=max-message-size:" + d.MaxMessageSize.ToString(CultureInfo.InvariantCulture));
    }

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append("\r\n");
}
