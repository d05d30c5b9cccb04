using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Association set-up (RFC 9260 §5): INIT → INIT-ACK (HMAC-signed cookie, no state kept) →
/// COOKIE-ECHO → COOKIE-ACK. Both libwebrtc peers send INIT at once; we keep one local tag and
/// initial TSN for every INIT and INIT-ACK we send, so crossing INITs (§5.2.1) lead both sides
/// through COOKIE-ECHOED and the cookie case D of §5.2.4 (both tags match) into Established.
/// </summary>
public sealed partial class SctpAssociation
{
    private const int CookieBodySize = 33;
    private const int CookieSize = CookieBodySize + 32;
    private static readonly byte[] SupportedExtensions = [(byte)SctpChunkType.ReConfig, (byte)SctpChunkType.ForwardTsn];

    private readonly byte[] _cookieKey = new byte[32];
    private readonly HMACSHA256 _cookieHmac;
    private readonly uint _localTag;
    private readonly uint _myInitialTsn;
    private uint _peerTag;
    private uint _peerInitialTsn;
    private bool _peerSupportsForwardTsn;
    private bool _peerSupportsReconfig;
    private int _outboundStreams = AnnouncedStreams;
    private byte[]? _cookieToEcho;
    private int _t1Retransmits;
    private ReceivedTsnTracker? _tracker;

    /// <summary>Our verification tag (tests build packets the association accepts).</summary>
    internal uint LocalTag => _localTag;

    private void HandleStart()
    {
        if (_terminated || _state != SctpAssociationState.Closed)
        {
            return;
        }

        SetState(SctpAssociationState.CookieWait);
        _t1Retransmits = 0;
        SendInit();
        _t1Deadline = Now + _rto;
    }

    private void SendInit()
    {
        var init = new InitChunk(false, _localTag, (uint)_options.ReceiveWindow, AnnouncedStreams, AnnouncedStreams, _myInitialTsn)
        {
            ForwardTsnSupported = true,
            SupportedExtensions = SupportedExtensions,
        };
        var dst = _out.Claim(0, init.GetSize());
        _out.Commit(init.Write(dst));
        _out.Flush();
    }

    private void HandleInit(ReadOnlySpan<byte> chunk)
    {
        if (!InitChunk.TryRead(chunk, out var init, out _) || init!.IsAck || init.InitiateTag == 0
            || init.OutboundStreams == 0 || init.InboundStreams == 0)
        {
            _logger.LogDebug("SCTP: invalid INIT dropped");
            return;
        }

        // §5.2.1/§5.2.2: always answer with our one tag and TSN; the cookie carries what we need later.
        var ack = new InitChunk(true, _localTag, (uint)_options.ReceiveWindow, AnnouncedStreams, AnnouncedStreams, _myInitialTsn)
        {
            StateCookie = CreateCookie(init),
            ForwardTsnSupported = true,
            SupportedExtensions = SupportedExtensions,
        };
        _out.Flush();
        var dst = _out.Claim(init.InitiateTag, ack.GetSize());
        _out.Commit(ack.Write(dst));
        _out.Flush();
    }

    private void HandleInitAck(ReadOnlySpan<byte> chunk)
    {
        if (_state != SctpAssociationState.CookieWait)
        {
            return;
        }

        if (!InitChunk.TryRead(chunk, out var ack, out _) || !ack!.IsAck || ack.InitiateTag == 0 || ack.StateCookie is null)
        {
            _logger.LogDebug("SCTP: invalid INIT-ACK dropped");
            return;
        }

        ApplyPeer(ack.InitiateTag, ack.InitialTsn, ack.AdvertisedReceiverWindow, ack.InboundStreams,
            ack.ForwardTsnSupported || ack.SupportsExtension(SctpChunkType.ForwardTsn), ack.SupportsExtension(SctpChunkType.ReConfig));
        _cookieToEcho = ack.StateCookie;
        SetState(SctpAssociationState.CookieEchoed);
        _t1Retransmits = 0;
        SendCookieEcho();
        _t1Deadline = Now + _rto;
    }

    private void SendCookieEcho()
    {
        var echo = new CookieEchoChunk(_cookieToEcho!);
        var dst = _out.Claim(_peerTag, echo.GetSize());
        _out.Commit(echo.Write(dst));
        _out.Flush();
    }

    private void HandleCookieEcho(ReadOnlySpan<byte> chunk, uint packetTag)
    {
        if (!CookieEchoChunk.TryRead(chunk, out var echo, out _) || !TryReadCookie(echo!.Cookie, out var cookie))
        {
            if (_state is not (SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
            {
                // An established association discards it (§5.1.5): an ABORT with a reflected tag would kill it.
                return;
            }

            _logger.LogWarning("SCTP: COOKIE-ECHO with an invalid or stale cookie; aborting");
            var abort = new ErrorCarryingChunk(SctpChunkType.Abort, true, ErrorCauses.Create(SctpErrorCause.ProtocolViolation, "invalid state cookie"));
            _out.Flush();
            _out.Commit(abort.Write(_out.Claim(packetTag, abort.GetSize())));
            _out.Flush();
            return;
        }

        if (cookie.LocalTag != _localTag || packetTag != _localTag)
        {
            return;
        }

        switch (_state)
        {
            case SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                ApplyPeer(cookie.PeerTag, cookie.PeerInitialTsn, cookie.PeerRwnd, cookie.PeerInboundStreams, cookie.ForwardTsn, cookie.Reconfig);
                EnterEstablished();
                break;
            default:
                if (cookie.PeerTag != _peerTag)
                {
                    // §5.2.4 case A (peer restart) is not supported: a DTLS restart creates a new association.
                    _logger.LogWarning("SCTP: COOKIE-ECHO from a restarted peer ignored");
                    return;
                }

                break;
        }

        var cookieAck = new EmptyChunk(SctpChunkType.CookieAck);
        _out.Commit(cookieAck.Write(_out.Claim(_peerTag, EmptyChunk.Size)));
    }

    private void HandleCookieAck()
    {
        if (_state == SctpAssociationState.CookieEchoed)
        {
            EnterEstablished();
        }
    }

    private void ApplyPeer(uint tag, uint initialTsn, uint rwnd, ushort peerInbound, bool forwardTsn, bool reconfig)
    {
        _peerTag = tag;
        _peerInitialTsn = initialTsn;
        _peerRwnd = rwnd;
        _outboundStreams = Math.Min(AnnouncedStreams, (int)peerInbound);
        _peerSupportsForwardTsn = forwardTsn;
        _peerSupportsReconfig = reconfig;
    }

    private void EnterEstablished()
    {
        _tracker = new ReceivedTsnTracker(_peerInitialTsn);
        _peerLastRequestSeq = _peerInitialTsn - 1;
        _t1Deadline = null;
        _cookieToEcho = null;
        SetState(SctpAssociationState.Established);
        _heartbeatDeadline = Now + _options.HeartbeatInterval;
        _logger.LogInformation("SCTP: established (forward-tsn {ForwardTsn}, reconfig {Reconfig})", _peerSupportsForwardTsn, _peerSupportsReconfig);
        _established.TrySetResult();
    }

    private void OnT1Expired()
    {
        _t1Deadline = null;
        if (++_t1Retransmits > _options.MaxInitRetransmits)
        {
            Terminate(new SctpAssociationException("SCTP handshake timed out."));
            return;
        }

        _rto = Min(_rto * 2, _options.RtoMax);
        if (_state == SctpAssociationState.CookieWait)
        {
            SendInit();
        }
        else if (_state == SctpAssociationState.CookieEchoed)
        {
            SendCookieEcho();
        }
        else
        {
            return;
        }

        _t1Deadline = Now + _rto;
    }

    /// <summary>Cookie: local tag, local TSN, peer tag, peer TSN, peer a_rwnd, peer MIS, flags, time (ms), HMAC-SHA256.</summary>
    private byte[] CreateCookie(InitChunk init)
    {
        var cookie = new byte[CookieSize];
        var s = cookie.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(s, _localTag);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], _myInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(s[8..], init.InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(s[12..], init.InitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(s[16..], init.AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(s[20..], init.InboundStreams);
        s[22] = (byte)((init.ForwardTsnSupported || init.SupportsExtension(SctpChunkType.ForwardTsn) ? 1 : 0)
            | (init.SupportsExtension(SctpChunkType.ReConfig) ? 2 : 0));
        BinaryPrimitives.WriteInt64BigEndian(s[23..], Now.ToUnixTimeMilliseconds());
        _cookieHmac.TryComputeHash(s[..CookieBodySize], s[CookieBodySize..], out _);
        return cookie;
    }

    private bool TryReadCookie(ReadOnlySpan<byte> s, out Cookie cookie)
    {
        cookie = default;
        Span<byte> mac = stackalloc byte[32];
        if (s.Length != CookieSize || !_cookieHmac.TryComputeHash(s[..CookieBodySize], mac, out _)
            || !CryptographicOperations.FixedTimeEquals(mac, s[CookieBodySize..]))
        {
            return false;
        }

        long age = Now.ToUnixTimeMilliseconds() - BinaryPrimitives.ReadInt64BigEndian(s[23..]);
        if (age < 0 || age > _options.CookieLifetime.TotalMilliseconds)
        {
            return false;
        }

        cookie = new Cookie(
            BinaryPrimitives.ReadUInt32BigEndian(s), BinaryPrimitives.ReadUInt32BigEndian(s[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(s[12..]), BinaryPrimitives.ReadUInt32BigEndian(s[16..]),
            BinaryPrimitives.ReadUInt16BigEndian(s[20..]), (s[22] & 1) != 0, (s[22] & 2) != 0);
        return true;
    }

    private readonly record struct Cookie(uint LocalTag, uint PeerTag, uint PeerInitialTsn, uint PeerRwnd, ushort PeerInboundStreams, bool ForwardTsn, bool Reconfig);
}
