using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Acknowledgement side of sending (RFC 9260 §6.2.1, §6.3.3, §7.2): SACK processing with gap
/// blocks, RTT samples (Karn's rule), miss indications and fast retransmit/fast recovery (§7.2.4),
/// slow start and congestion avoidance (§7.2.1–§7.2.2) and T3-rtx expiry (§6.3.3, §7.2.3).
/// </summary>
public sealed partial class SctpAssociation
{
    private void HandleSack(ReadOnlySpan<byte> data)
    {
        if (!SackChunk.TryRead(data, out var sack, out _) || !CanReceiveSack())
        {
            return;
        }

        uint cum = sack!.CumulativeTsnAck;
        // Up to the last assigned TSN: a FORWARD-TSN may have skipped abandoned fragments never sent.
        if (Tsn.Lt(cum, _lastCumAck) || Tsn.Ge(cum, _nextTsn))
        {
            return;
        }

        var now = Now;
        bool advanced = Tsn.Gt(cum, _lastCumAck);
        long flightBefore = _flight;
        long acked = 0;
        OutboundChunk? rttSample = null;
        while (_outstanding.Count > 0 && Tsn.Le(_outstanding.First.Tsn, cum))
        {
            var c = _outstanding.RemoveFirst();
            acked += Acknowledge(c, ref rttSample);
            if (--c.Message.ChunksRemaining == 0)
            {
                c.Message.Release();
            }
        }

        _lastCumAck = cum;
        if (Tsn.Le(_nextUnsentTsn, cum))
        {
            _nextUnsentTsn = cum + 1;
        }

        uint highest = cum;
        uint maxOffset = _nextUnsentTsn - 1 - cum;
        foreach (var block in sack.GapAckBlocks)
        {
            for (uint off = block.Start; off <= Math.Min(block.End, maxOffset); off++)
            {
                if (_outstanding.Get(cum + off) is { } c)
                {
                    acked += Acknowledge(c, ref rttSample);
                    c.State = c.State == OutboundChunkState.Abandoned ? c.State : OutboundChunkState.GapAcked;
                    highest = Tsn.Gt(c.Tsn, highest) ? c.Tsn : highest;
                }
            }
        }

        if (rttSample is not null)
        {
            UpdateRtt(now - rttSample.SentAt);
        }

        if (highest != cum)
        {
            CountMissIndications(highest);
        }

        AdjustCwnd(advanced, acked, flightBefore);
        _peerRwnd = Math.Max(0, sack.AdvertisedReceiverWindow - _flight);
        if (advanced)
        {
            _t3Expiries = 0;
        }

        if (_outstanding.Count == 0 || _outstanding.First.Tsn == _nextUnsentTsn)
        {
            _t3Deadline = null;
        }
        else if (advanced)
        {
            _t3Deadline = now + _rto;
        }

        if (_outstanding.Count > 0 && _outstanding.First.State == OutboundChunkState.Abandoned)
        {
            _forwardTsnDue = true;
        }
    }

    private bool CanReceiveSack() => _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
        or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownReceived;

    private long Acknowledge(OutboundChunk c, ref OutboundChunk? rttSample)
    {
        switch (c.State)
        {
            case OutboundChunkState.InFlight:
                _flight -= c.Length;
                if (c.Transmissions == 1 && (rttSample is null || c.SentAt > rttSample.SentAt))
                {
                    rttSample = c;
                }

                return c.Length;
            case OutboundChunkState.ToRetransmit:
                _toRetransmit--;
                return c.Length;
            default:
                return 0;
        }
    }

    /// <summary>
    /// RFC 9260 §7.2.4 miss indications, one per SACK that acks a higher TSN; a chunk is also taken
    /// as lost once three chunks above it are gap-acked (the RFC 6675 §4 IsLost rule). The second rule
    /// matters when the peer acknowledges several packets with one SACK (a loop draining a batch
    /// under load does): per-SACK counting then needs many more packets after a loss, and a small
    /// window falls back to the T3 timer. Reordering by one or two packets marks nothing under either rule.
    /// </summary>
    private void CountMissIndications(uint highestAcked)
    {
        var marked = false;
        var ackedAbove = 0;
        for (var i = _outstanding.Count - 1; i >= 0; i--)
        {
            var c = _outstanding.At(i);
            if (!Tsn.Lt(c.Tsn, highestAcked))
            {
                if (c.Tsn == highestAcked)
                {
                    ackedAbove++;
                }

                continue;
            }

            if (c.State == OutboundChunkState.GapAcked)
            {
                ackedAbove++;
                continue;
            }

            if (c.State == OutboundChunkState.InFlight && !c.FastRetransmitted && (++c.MissIndications >= 3 || ackedAbove >= 3))
            {
                c.FastRetransmitted = true;
                c.State = OutboundChunkState.ToRetransmit;
                _toRetransmit++;
                _flight -= c.Length;
                marked = true;
            }
        }

        if (!marked)
        {
            return;
        }

        if (!_fastRecovery)
        {
            _fastRecovery = true;
            _recoveryPoint = _nextTsn - 1;
            _ssthresh = Math.Max(_cwnd / 2, 4 * _mtu);
            _cwnd = _ssthresh;
            _partialBytesAcked = 0;
        }

        _fastRetransmitNow = true;
        Counters.FastRetransmits++;
    }

    private void AdjustCwnd(bool advanced, long acked, long flightBefore)
    {
        if (_fastRecovery && Tsn.Ge(_lastCumAck, _recoveryPoint))
        {
            _fastRecovery = false;
        }

        if (!advanced || acked == 0 || _fastRecovery)
        {
            return;
        }

        bool fullyUsed = flightBefore + _mtu >= _cwnd;
        if (_cwnd <= _ssthresh)
        {
            if (fullyUsed)
            {
                _cwnd += Math.Min(acked, _mtu);
            }
        }
        else
        {
            _partialBytesAcked += acked;
            if (_partialBytesAcked >= _cwnd && fullyUsed)
            {
                _partialBytesAcked -= _cwnd;
                _cwnd += _mtu;
            }
        }
    }

    private void OnT3Expired()
    {
        _t3Deadline = null;
        if (_outstanding.Count == 0 || _outstanding.First.Tsn == _nextUnsentTsn)
        {
            return;
        }

        if (_options.MaxDataRetransmits is { } max && ++_t3Expiries > max)
        {
            AbortWithCause("too many retransmissions");
            return;
        }

        Counters.T3Expiries++;
        _rto = Min(_rto * 2, _options.RtoMax);
        _ssthresh = Math.Max(_cwnd / 2, 4 * _mtu);
        _cwnd = _mtu;
        _partialBytesAcked = 0;
        _fastRecovery = false;
        for (var i = 0; i < _outstanding.Count; i++)
        {
            var c = _outstanding.At(i);
            if (c.State == OutboundChunkState.InFlight)
            {
                c.State = OutboundChunkState.ToRetransmit;
                _toRetransmit++;
                _flight -= c.Length;
            }
        }

        _forwardTsnDue = true;
        _t3Deadline = Now + _rto;
    }
}
