using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Receiving (RFC 9260 §6.2, §8.5): checksum and verification tag checks, chunk dispatch with the
/// unknown-chunk rules, TSN tracking, SACK at least every second packet and at once on gaps or
/// duplicates (otherwise delayed), reassembly, FORWARD-TSN (RFC 3758 §3.6).
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly ReassemblyQueue _reassembly;
    private readonly List<uint> _duplicates = [];
    private bool _sackNow;
    private int _packetsSinceSack;

    private void HandlePacket(ReadOnlySpan<byte> packet)
    {
        if (_terminated || !SctpPacket.IsChecksumValid(packet) || !SctpPacketHeader.TryRead(packet, out var header, out _)
            || header.DestinationPort != _options.LocalPort || header.SourcePort != _options.RemotePort)
        {
            return;
        }

        var body = packet[SctpPacketHeader.Size..];
        if (!SctpPacket.TryReadChunk(body, out var first, out _) || !IsTagAcceptable(header.VerificationTag, first))
        {
            return;
        }

        var hadData = false;
        var e = new SctpChunkEnumerator(body);
        while (e.MoveNext() && !_terminated)
        {
            var chunk = e.Current;
            switch ((SctpChunkType)chunk.Type)
            {
                case SctpChunkType.Data:
                    hadData = true;
                    HandleData(chunk.Chunk);
                    break;
                case SctpChunkType.Sack:
                    HandleSack(chunk.Chunk);
                    break;
                case SctpChunkType.Init:
                    HandleInit(chunk.Chunk);
                    return;
                case SctpChunkType.InitAck:
                    HandleInitAck(chunk.Chunk);
                    return;
                case SctpChunkType.CookieEcho:
                    HandleCookieEcho(chunk.Chunk, header.VerificationTag);
                    break;
                case SctpChunkType.CookieAck:
                    HandleCookieAck();
                    break;
                case SctpChunkType.Heartbeat:
                    HandleHeartbeat(chunk.Chunk);
                    break;
                case SctpChunkType.HeartbeatAck:
                    HandleHeartbeatAck(chunk.Chunk);
                    break;
                case SctpChunkType.Abort:
                    HandleAbort(chunk.Chunk);
                    return;
                case SctpChunkType.Error:
                    if (ErrorCarryingChunk.TryRead(chunk.Chunk, out var error, out _))
                    {
                        _logger.LogWarning("SCTP: peer reported error {Cause}", ErrorCauses.Describe(error!.Causes));
                    }

                    break;
                case SctpChunkType.Shutdown:
                    HandleShutdown(chunk.Chunk);
                    break;
                case SctpChunkType.ShutdownAck:
                    HandleShutdownAck();
                    break;
                case SctpChunkType.ShutdownComplete:
                    HandleShutdownComplete();
                    break;
                case SctpChunkType.ForwardTsn:
                    HandleForwardTsn(chunk.Chunk);
                    break;
                case SctpChunkType.ReConfig:
                    HandleReConfig(chunk.Chunk);
                    break;
                default:
                    if (!HandleUnknownChunk(chunk))
                    {
                        goto done;
                    }

                    break;
            }
        }

    done:
        if (hadData)
        {
            AfterDataPacket();
        }
    }

    /// <summary>§8.5, §8.5.1: INIT carries tag 0; ABORT/SHUTDOWN-COMPLETE with T set carry the peer's own tag.</summary>
    private bool IsTagAcceptable(uint tag, SctpChunkView first) => (SctpChunkType)first.Type switch
    {
        SctpChunkType.Init => tag == 0,
        SctpChunkType.CookieEcho => tag == _localTag, // the cookie's own tag is checked again after the HMAC
        SctpChunkType.Abort or SctpChunkType.ShutdownComplete when (first.Flags & ErrorCarryingChunk.FlagT) != 0 =>
            _peerTag != 0 && tag == _peerTag,
        _ => tag == _localTag,
    };

    private bool HandleUnknownChunk(SctpChunkView chunk)
    {
        var action = SctpChunkTypeExtensions.UnknownAction(chunk.Type);
        if (action is UnknownChunkAction.StopAndReport or UnknownChunkAction.SkipAndReport && _peerTag != 0)
        {
            var report = new ErrorCarryingChunk(SctpChunkType.Error, false,
                ErrorCauses.Create(SctpErrorCause.UnrecognizedChunkType, chunk.Chunk[..Math.Min(chunk.Chunk.Length, 256)]));
            _out.Commit(report.Write(_out.Claim(_peerTag, report.GetSize())));
        }

        return action is UnknownChunkAction.Skip or UnknownChunkAction.SkipAndReport;
    }

    private void HandleData(ReadOnlySpan<byte> data)
    {
        if (_tracker is null || _state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending
            or SctpAssociationState.ShutdownSent))
        {
            return;
        }

        if (!DataChunk.TryRead(data, out var chunk, out _))
        {
            return;
        }

        if (_tracker.IsDuplicate(chunk.Tsn))
        {
            if (_duplicates.Count < 32)
            {
                _duplicates.Add(chunk.Tsn);
            }

            _sackNow = true;
            return;
        }

        bool next = chunk.Tsn == _tracker.CumulativeTsn + 1;
        if (!_tracker.InWindow(chunk.Tsn) || (!next && _reassembly.BufferedBytes + chunk.Payload.Length > _options.ReceiveWindow))
        {
            // Out of window or memory: drop and let the peer retransmit (§6.2).
            _sackNow = true;
            return;
        }

        _tracker.Add(chunk.Tsn);
        _reassembly.Add(chunk);
    }

    private void AfterDataPacket()
    {
        ApplyDeferredReset();
        _heartbeatDeadline = Now + _options.HeartbeatInterval;
        if (++_packetsSinceSack >= 2 && _tracker is not null && _state == SctpAssociationState.Established)
        {
            // RFC 9260 §6.2: a SACK for every second DATA packet, even inside one batch of the loop.
            // One SACK per batch made a lost SACK cost the sender a T3 timeout whenever the batch
            // held its whole window (seen through a 5 % lossy relay under load).
            WriteSack();
            _out.Flush();
        }
        else if (_tracker is { HasGaps: true } || _packetsSinceSack >= 2 || _state == SctpAssociationState.ShutdownSent)
        {
            _sackNow = true;
        }
        else
        {
            _sackDeadline ??= Now + _options.DelayedAckTimeout;
        }
    }

    private void WriteSack()
    {
        var tracker = _tracker!;
        var sack = new SackChunk(
            tracker.CumulativeTsn,
            (uint)Math.Max(0, _options.ReceiveWindow - _reassembly.BufferedBytes),
            tracker.GetGapBlocks(),
            _duplicates.Count == 0 ? [] : [.. _duplicates]);
        _duplicates.Clear();
        _sackNow = false;
        _packetsSinceSack = 0;
        _sackDeadline = null;
        _out.Commit(sack.Write(_out.Claim(_peerTag, sack.GetSize())));
    }

    private void HandleForwardTsn(ReadOnlySpan<byte> data)
    {
        if (!_peerSupportsForwardTsn || _tracker is null || !ForwardTsnChunk.TryRead(data, out var chunk, out _))
        {
            return;
        }

        if (Tsn.Gt(chunk!.NewCumulativeTsn, _tracker.CumulativeTsn) && _tracker.InWindow(chunk.NewCumulativeTsn))
        {
            _tracker.ForwardTo(chunk.NewCumulativeTsn);
            _reassembly.Forward(chunk.NewCumulativeTsn, chunk.Streams);
            ApplyDeferredReset();
        }

        _sackNow = true;
    }

    private void HandleAbort(ReadOnlySpan<byte> data)
    {
        ErrorCarryingChunk.TryRead(data, out var abort, out _);
        string cause = abort is null ? "no cause" : ErrorCauses.Describe(abort.Causes);
        _logger.LogWarning("SCTP: aborted by peer ({Cause})", cause);
        Terminate(new SctpAssociationException($"SCTP association aborted by the peer: {cause}"));
    }

    private void AbortWithCause(string reason)
    {
        if (_terminated)
        {
            return;
        }

        if (_peerTag != 0)
        {
            var abort = new ErrorCarryingChunk(SctpChunkType.Abort, false, ErrorCauses.Create(SctpErrorCause.UserInitiatedAbort, reason));
            _out.Flush();
            _out.Commit(abort.Write(_out.Claim(_peerTag, abort.GetSize())));
            _out.Flush();
        }

        Terminate(new SctpAssociationException($"SCTP association aborted: {reason}"));
    }

    private void HandleHeartbeat(ReadOnlySpan<byte> data)
    {
        if (_peerTag != 0 && HeartbeatChunk.TryRead(data, out var hb, out _) && !hb!.IsAck)
        {
            var ack = hb with { IsAck = true };
            _out.Commit(ack.Write(_out.Claim(_peerTag, ack.GetSize())));
        }
    }

    private void HandleHeartbeatAck(ReadOnlySpan<byte> data)
    {
        if (HeartbeatChunk.TryRead(data, out var hb, out _) && hb!.IsAck && hb.Info.Length == 8)
        {
            _heartbeatsUnanswered = 0;
            long sent = BinaryPrimitives.ReadInt64BigEndian(hb.Info);
            long rtt = Now.ToUnixTimeMilliseconds() - sent;
            if (rtt >= 0 && rtt < 60_000)
            {
                UpdateRtt(TimeSpan.FromMilliseconds(rtt));
            }
        }
    }
}
