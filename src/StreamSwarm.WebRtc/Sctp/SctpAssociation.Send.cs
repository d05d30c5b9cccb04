using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Sending (RFC 9260 §6, §7): fragmentation, TSN/SSN assignment when a message leaves the queue,
/// cwnd/ssthresh with slow start and congestion avoidance, fast retransmit after three miss
/// indications with fast recovery, one T3-rtx timer, and PR-SCTP abandonment (RFC 3758).
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly PacketBuilder _out;
    private readonly Queue<OutgoingMessage> _sendQueue = new();
    private readonly OutstandingQueue _outstanding = new();
    private readonly Dictionary<ushort, ushort> _nextSsn = [];
    private uint _nextTsn;
    private uint _nextUnsentTsn;
    private uint _lastCumAck;
    private long _cwnd;
    private long _ssthresh;
    private long _flight;
    private long _partialBytesAcked;
    private long _peerRwnd;
    private bool _fastRecovery;
    private uint _recoveryPoint;
    private int _toRetransmit;
    private bool _fastRetransmitNow;
    private bool _forwardTsnDue;
    private int _t3Expiries;

    private int MaxDataPayload => (_mtu - SctpPacketHeader.Size - DataChunk.HeaderSize) & ~3;

    private bool CanSendData => _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
        or SctpAssociationState.ShutdownReceived;

    private void EnqueueMessage(OutgoingMessage message)
    {
        if (_terminated)
        {
            message.Release();
            return;
        }

        _sendQueue.Enqueue(message);
    }

    /// <summary>End of a batch: SACK if due, retransmissions, new data, FORWARD-TSN, then the packet goes out.</summary>
    private void Flush()
    {
        if (_sackNow && _tracker is not null && !_terminated)
        {
            WriteSack();
        }

        if (CanSendData)
        {
            if (_forwardTsnDue)
            {
                MaybeSendForwardTsn();
            }

            SendData();
            TrySendReconfigRequest();
        }

        _out.Flush();
        CheckShutdownProgress();
        _out.Flush();
    }

    private void SendData()
    {
        var now = Now;
        if (_toRetransmit > 0)
        {
            int budget = _mtu;
            for (var i = 0; i < _outstanding.Count && _toRetransmit > 0; i++)
            {
                var c = _outstanding.At(i);
                if (c.State != OutboundChunkState.ToRetransmit || CheckAbandon(c, now))
                {
                    continue;
                }

                if (_fastRetransmitNow ? budget < c.Length : _flight > 0 && _flight + c.Length > _cwnd)
                {
                    break;
                }

                budget -= c.Length;
                Transmit(c, now);
            }

            _fastRetransmitNow = false;
        }

        // Retransmissions go before new data (RFC 9260 §6.1 rule C, §7.2.4).
        while (_toRetransmit == 0 && NextUnsent(now) is { } chunk)
        {
            if (_flight > 0 && (_flight + chunk.Length > _cwnd || chunk.Length > _peerRwnd))
            {
                break;
            }

            Transmit(chunk, now);
            _nextUnsentTsn++;
            OnBytesSent(chunk.Message.StreamId, chunk.Length);
        }

        if (_flight > 0 && _t3Deadline is null)
        {
            _t3Deadline = now + _rto;
        }
    }

    private void Transmit(OutboundChunk c, DateTimeOffset now)
    {
        if (c.State == OutboundChunkState.ToRetransmit)
        {
            _toRetransmit--;
        }

        c.State = OutboundChunkState.InFlight;
        c.Transmissions++;
        Counters.Retransmissions += c.Transmissions > 1 ? 1 : 0;
        c.SentAt = now;
        c.MissIndications = 0;
        _flight += c.Length;
        _peerRwnd = Math.Max(0, _peerRwnd - c.Length);
        var m = c.Message;
        var data = new DataChunk(c.Tsn, m.StreamId, m.Ssn, m.Ppid, c.Flags, c.Payload);
        _out.Commit(data.Write(_out.Claim(_peerTag, data.GetSize())));
    }

    private OutboundChunk? NextUnsent(DateTimeOffset now)
    {
        while (true)
        {
            if (_nextUnsentTsn != _nextTsn)
            {
                var c = _outstanding.Get(_nextUnsentTsn)!;
                if (c.State == OutboundChunkState.Abandoned)
                {
                    _nextUnsentTsn++;
                    continue;
                }

                return c;
            }

            if (_sendQueue.Count == 0 || IsBlockedByReset(_sendQueue.Peek().StreamId))
            {
                return null;
            }

            var m = _sendQueue.Dequeue();
            bool expired = _peerSupportsForwardTsn && m.ExpiresAt is { } e && now >= e;
            if (expired || m.StreamId >= _outboundStreams)
            {
                OnBytesSent(m.StreamId, m.Length);
                m.Release();
                continue;
            }

            Fragment(m);
        }
    }

    private void Fragment(OutgoingMessage m)
    {
        if (!m.Unordered)
        {
            _nextSsn.TryGetValue(m.StreamId, out var ssn);
            m.Ssn = ssn;
            _nextSsn[m.StreamId] = (ushort)(ssn + 1);
        }

        int max = MaxDataPayload;
        m.FirstTsn = _nextTsn;
        for (var offset = 0; offset < m.Length; offset += max)
        {
            int length = Math.Min(max, m.Length - offset);
            byte flags = (byte)((offset == 0 ? DataChunk.FlagBeginning : 0)
                | (offset + length == m.Length ? DataChunk.FlagEnd : 0)
                | (m.Unordered ? DataChunk.FlagUnordered : 0));
            _outstanding.Add(new OutboundChunk(_nextTsn, m, offset, length, flags));
            m.ChunksRemaining++;
            _nextTsn++;
        }

        m.LastTsn = _nextTsn - 1;
    }

    private bool CheckAbandon(OutboundChunk c, DateTimeOffset now)
    {
        var m = c.Message;
        if (!_peerSupportsForwardTsn)
        {
            return false;
        }

        if ((m.MaxRetransmits is { } max && c.Transmissions > max) || (m.ExpiresAt is { } e && now >= e))
        {
            AbandonMessage(m);
            return true;
        }

        return false;
    }

    private void AbandonMessage(OutgoingMessage m)
    {
        m.Abandoned = true;
        _forwardTsnDue = true;
        for (uint tsn = m.FirstTsn; tsn != m.LastTsn + 1; tsn++)
        {
            if (_outstanding.Get(tsn) is not { } c)
            {
                continue;
            }

            switch (c.State)
            {
                case OutboundChunkState.InFlight:
                    _flight -= c.Length;
                    break;
                case OutboundChunkState.ToRetransmit:
                    _toRetransmit--;
                    break;
                case OutboundChunkState.Unsent:
                    OnBytesSent(m.StreamId, c.Length);
                    break;
            }

            c.State = OutboundChunkState.Abandoned;
        }
    }

    /// <summary>RFC 3758 §3.5 C1–C3: move the advanced peer ack point over abandoned chunks and tell the peer.</summary>
    private void MaybeSendForwardTsn()
    {
        _forwardTsnDue = false;
        if (!_peerSupportsForwardTsn)
        {
            return;
        }

        uint advanced = _lastCumAck;
        List<ForwardTsnStream>? streams = null;
        for (var i = 0; i < _outstanding.Count; i++)
        {
            var c = _outstanding.At(i);
            if (c.State != OutboundChunkState.Abandoned)
            {
                break;
            }

            advanced = c.Tsn;
            if ((c.Flags & DataChunk.FlagUnordered) == 0)
            {
                streams ??= [];
                int found = streams.FindIndex(s => s.StreamId == c.Message.StreamId);
                var entry = new ForwardTsnStream(c.Message.StreamId, c.Message.Ssn);
                if (found < 0)
                {
                    streams.Add(entry);
                }
                else
                {
                    streams[found] = entry;
                }
            }
        }

        if (advanced == _lastCumAck)
        {
            return;
        }

        Counters.ForwardTsnsSent++;
        var chunk = new ForwardTsnChunk(advanced, streams is null ? [] : [.. streams]);
        _out.Commit(chunk.Write(_out.Claim(_peerTag, chunk.GetSize())));
    }

    private void ReleaseSendState()
    {
        while (_sendQueue.TryDequeue(out var m))
        {
            m.Release();
        }

        while (_outstanding.Count > 0)
        {
            _outstanding.RemoveFirst().Message.Release();
        }
    }
}
