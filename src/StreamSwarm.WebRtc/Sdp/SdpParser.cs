using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using StreamSwarm.WebRtc.Dtls;

namespace StreamSwarm.WebRtc.Sdp;

/// <summary>
/// Reads a data-channel session description (RFC 8866 syntax, RFC 8841 data section). Tolerant of
/// what browsers send: CRLF or LF, unknown attributes and lines ignored, session-level ICE and DTLS
/// attributes inherited by the media section, audio/video sections recorded in
/// <see cref="DataChannelDescription.IgnoredMedia"/>. Anything malformed that we need is a
/// <see cref="SdpException"/>; no other exception escapes.
/// </summary>
public static class SdpParser
{
    private const int MaxLength = 256 * 1024;

    /// <summary>Parses or throws <see cref="SdpException"/>.</summary>
    public static DataChannelDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        return TryParse(sdp, out var description, out var error) ? description : throw error;
    }

    /// <summary>Parses; on failure returns false with the typed error.</summary>
    public static bool TryParse(
        string sdp,
        [NotNullWhen(true)] out DataChannelDescription? description,
        [NotNullWhen(false)] out SdpException? error)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        description = null;
        var state = new ParseState();
        error = state.Run(sdp);
        if (error is not null)
        {
            return false;
        }

        error = state.Build(out description);
        return error is null;
    }

    /// <summary>
    /// Parses the value of a trickled candidate (<c>candidate:…</c>, with or without <c>a=</c>)
    /// just far enough to reject garbage; the ICE layer parses the fields.
    /// </summary>
    public static bool IsCandidateAttribute(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (value.StartsWith("a=", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (!value.StartsWith("candidate:", StringComparison.Ordinal))
        {
            return false;
        }

        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 8 && fields[6] == "typ";
    }

    private static bool IsIceChars(string s)
    {
        // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Section
    {
        public string Media = string.Empty;
        public string Protocol = string.Empty;
        public string Formats = string.Empty;
        public int Port;
        public string? Mid;
        public string? Ufrag;
        public string? Pwd;
        public string? Fingerprint;
        public SdpSetup Setup;
        public int? SctpPort;
        public long? MaxMessageSize;
        public bool Trickle;
        public bool EndOfCandidates;
        public List<string> Candidates = [];

        public bool IsDataChannel =>
            Media == "application" && Protocol is "UDP/DTLS/SCTP" or "TCP/DTLS/SCTP" or "DTLS/SCTP";
    }

    private sealed class ParseState
    {
        private readonly Section _session = new();
        private readonly List<Section> _media = [];
        private string _sessionId = "0";
        private ulong _sessionVersion;
        private bool _iceLite;

        public SdpException? Run(string sdp)
        {
            if (sdp.Length > MaxLength)
            {
                return new SdpException($"description longer than {MaxLength} characters", 0);
            }

            var lineNumber = 0;
            var sawVersion = false;
            foreach (var raw in sdp.Split('\n'))
            {
                lineNumber++;
                var line = raw.EndsWith('\r') ? raw[..^1] : raw;
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.Length < 2 || line[1] != '=')
                {
                    return new SdpException("expected <type>=<value>", lineNumber);
                }

                if (!sawVersion)
                {
                    if (line != "v=0")
                    {
                        return new SdpException("description must start with v=0", lineNumber);
                    }

                    sawVersion = true;
                    continue;
                }

                var value = line[2..];
                var error = line[0] switch
                {
                    'o' => Origin(value, lineNumber),
                    'm' => MediaLine(value, lineNumber),
                    'a' => Attribute(_media.Count > 0 ? _media[^1] : _session, value, lineNumber),
                    _ => null,
                };
                if (error is not null)
                {
                    return error;
                }
            }

            return sawVersion ? null : new SdpException("empty description", 0);
        }

        public SdpException? Build(out DataChannelDescription? description)
        {
            description = null;
            var dataIndex = _media.FindIndex(m => m.IsDataChannel && m.Port != 0);
            if (dataIndex < 0)
            {
                return new SdpException("no m=application UDP/DTLS/SCTP webrtc-datachannel section", 0);
            }

            var data = _media[dataIndex];
            var ufrag = data.Ufrag ?? _session.Ufrag;
            var pwd = data.Pwd ?? _session.Pwd;
            var fingerprintText = data.Fingerprint ?? _session.Fingerprint;
            var setup = data.Setup != SdpSetup.Unknown ? data.Setup : _session.Setup;
            if (ufrag is null || ufrag.Length is < 4 or > 256 || !IsIceChars(ufrag))
            {
                return new SdpException("a=ice-ufrag missing or not 4-256 ice-chars (RFC 8839 §5.4)", 0);
            }

            if (pwd is null || pwd.Length is < 22 or > 256 || !IsIceChars(pwd))
            {
                return new SdpException("a=ice-pwd missing or not 22-256 ice-chars (RFC 8839 §5.4)", 0);
            }

            if (!DtlsFingerprint.TryParse(fingerprintText, out var fingerprint))
            {
                return new SdpException("a=fingerprint missing or not a sha-256 fingerprint", 0);
            }

            if (setup == SdpSetup.HoldConn)
            {
                return new SdpException("a=setup:holdconn is not valid for a data channel", 0);
            }

            var ignored = new List<SdpIgnoredMedia>();
            for (var i = 0; i < _media.Count; i++)
            {
                if (i != dataIndex)
                {
                    var m = _media[i];
                    ignored.Add(new SdpIgnoredMedia(m.Media, m.Protocol, m.Formats, m.Mid));
                }
            }

            description = new DataChannelDescription
            {
                SessionId = _sessionId,
                SessionVersion = _sessionVersion,
                Mid = data.Mid ?? dataIndex.ToString(CultureInfo.InvariantCulture),
                IceUfrag = ufrag,
                IcePwd = pwd,
                IceTrickle = data.Trickle || _session.Trickle,
                IceLite = _iceLite,
                Fingerprint = fingerprint,
                Setup = setup == SdpSetup.Unknown ? SdpSetup.ActPass : setup,
                SctpPort = data.SctpPort ?? 5000,
                MaxMessageSize = data.MaxMessageSize ?? DataChannelDescription.ImpliedMaxMessageSize,
                Candidates = data.Candidates,
                EndOfCandidates = data.EndOfCandidates || _session.EndOfCandidates,
                IgnoredMedia = ignored,
                DataSectionIndex = dataIndex,
            };
            return null;
        }

        private SdpException? Origin(string value, int lineNumber)
        {
            // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
            var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 6)
            {
                return new SdpException("o= needs 6 fields", lineNumber);
            }

            if (!ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out _sessionVersion))
            {
                return new SdpException("o= session version is not a number", lineNumber);
            }

            _sessionId = fields[1];
            return null;
        }

        private SdpException? MediaLine(string value, int lineNumber)
        {
            // m=<media> <port>[/<count>] <proto> <fmt> ...
            var fields = value.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            var portText = fields.Length >= 2 ? fields[1].Split('/')[0] : string.Empty;
            if (fields.Length < 4 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                return new SdpException("m= needs <media> <port> <proto> <fmt>", lineNumber);
            }

            _media.Add(new Section { Media = fields[0], Port = port, Protocol = fields[2], Formats = fields[3] });
            return null;
        }

        private SdpException? Attribute(Section section, string value, int lineNumber)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? value : value[..colon];
            var arg = colon < 0 ? string.Empty : value[(colon + 1)..];
            switch (name)
            {
                case "ice-ufrag":
                    section.Ufrag = arg;
                    break;
                case "ice-pwd":
                    section.Pwd = arg;
                    break;
                case "ice-options":
                    section.Trickle |= Array.IndexOf(arg.Split(' '), "trickle") >= 0;
                    break;
                case "ice-lite":
                    _iceLite = true;
                    break;
                case "fingerprint":
                    // Several fingerprints may be offered (RFC 8122 §5); keep the sha-256 one.
                    if (section.Fingerprint is null || !section.Fingerprint.StartsWith("sha-256", StringComparison.OrdinalIgnoreCase))
                    {
                        section.Fingerprint = arg;
                    }

                    break;
                case "setup":
                    section.Setup = arg switch
                    {
                        "actpass" => SdpSetup.ActPass,
                        "active" => SdpSetup.Active,
                        "passive" => SdpSetup.Passive,
                        "holdconn" => SdpSetup.HoldConn,
                        _ => SdpSetup.Unknown,
                    };
                    if (section.Setup == SdpSetup.Unknown)
                    {
                        return new SdpException($"unknown a=setup value '{arg}'", lineNumber);
                    }

                    break;
                case "mid":
                    section.Mid = arg;
                    break;
                case "sctp-port":
                    if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
                    {
                        return new SdpException("a=sctp-port is not a port number", lineNumber);
                    }

                    section.SctpPort = port;
                    break;
                case "sctpmap":
                    // Pre-RFC 8841 syntax: a=sctpmap:5000 webrtc-datachannel 1024
                    var sctpmapPort = arg.Split(' ')[0];
                    if (int.TryParse(sctpmapPort, NumberStyles.None, CultureInfo.InvariantCulture, out var mapped) && mapped is > 0 and <= 65535)
                    {
                        section.SctpPort ??= mapped;
                    }

                    break;
                case "max-message-size":
                    if (!long.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    {
                        return new SdpException("a=max-message-size is not a number", lineNumber);
                    }

                    section.MaxMessageSize = size;
                    break;
                case "candidate":
                    if (!IsCandidateAttribute(value))
                    {
                        return new SdpException("a=candidate needs at least 8 fields with 'typ'", lineNumber);
                    }

                    section.Candidates.Add(value);
                    break;
                case "end-of-candidates":
                    section.EndOfCandidates = true;
                    break;
                default:
                    // Unknown attributes are ignored (RFC 8866 §5.13), never echoed.
                    break;
            }

            return null;
        }
    }
}
