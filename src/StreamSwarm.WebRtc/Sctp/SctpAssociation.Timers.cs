using System.Buffers.Binary;
using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Timers (RFC 9260 §6.3, §8.3): T1 (INIT / COOKIE-ECHO), T3-rtx (one per association), T2
/// (SHUTDOWN), delayed SACK, heartbeat and the RE-CONFIG retransmission, all as deadlines served by
/// one <see cref="ITimer"/> from the injected <see cref="TimeProvider"/> that posts a tick to the loop.
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly ITimer _timer;
    private DateTimeOffset? _t1Deadline;
    private DateTimeOffset? _t2Deadline;
    private DateTimeOffset? _t3Deadline;
    private DateTimeOffset? _sackDeadline;
    private DateTimeOffset? _heartbeatDeadline;
    private DateTimeOffset? _reconfigDeadline;
    private DateTimeOffset? _armedFor;
    private TimeSpan _rto;
    private TimeSpan _srtt;
    private TimeSpan _rttvar;
    private bool _hasRtt;
    private int _heartbeatsUnanswered;
    private int _t2Retransmits;

    private DateTimeOffset Now => _time.GetUtcNow();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>RFC 6298 as in RFC 9260 §6.3.1, clamped to [RtoMin, RtoMax].</summary>
    private void UpdateRtt(TimeSpan r)
    {
        if (!_hasRtt)
        {
            _srtt = r;
            _rttvar = r / 2;
            _hasRtt = true;
        }
        else
        {
            var delta = _srtt > r ? _srtt - r : r - _srtt;
            _rttvar = (_rttvar * 0.75) + (delta * 0.25);
            _srtt = (_srtt * 0.875) + (r * 0.125);
        }

        var rto = _srtt + (_rttvar * 4);
        _rto = rto < _options.RtoMin ? _options.RtoMin : Min(rto, _options.RtoMax);
    }

    private void OnTimerFired()
    {
        _armedFor = null;
        _work.Writer.TryWrite(new WorkItem(WorkKind.Timer));
    }

    private void HandleTimers()
    {
        if (_terminated)
        {
            return;
        }

        var now = Now;
        if (_t1Deadline <= now)
        {
            OnT1Expired();
        }

        if (_t3Deadline <= now)
        {
            OnT3Expired();
        }

        if (_sackDeadline <= now)
        {
            _sackDeadline = null;
            _sackNow = _tracker is not null;
        }

        if (_t2Deadline <= now)
        {
            OnT2Expired();
        }

        if (_reconfigDeadline <= now)
        {
            OnReconfigTimer();
        }

        if (_heartbeatDeadline <= now)
        {
            OnHeartbeatDue(now);
        }
    }

    private void OnHeartbeatDue(DateTimeOffset now)
    {
        _heartbeatDeadline = now + _options.HeartbeatInterval;
        if (_state != SctpAssociationState.Established || _flight > 0)
        {
            return;
        }

        if (_options.MaxDataRetransmits is { } max && ++_heartbeatsUnanswered > max)
        {
            AbortWithCause("peer unreachable (heartbeats unanswered)");
            return;
        }

        var info = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(info, now.ToUnixTimeMilliseconds());
        var hb = new HeartbeatChunk(false, info);
        _out.Commit(hb.Write(_out.Claim(_peerTag, hb.GetSize())));
    }

    private void RearmTimer()
    {
        DateTimeOffset? next = null;
        Earliest(ref next, _t1Deadline);
        Earliest(ref next, _t2Deadline);
        Earliest(ref next, _t3Deadline);
        Earliest(ref next, _sackDeadline);
        Earliest(ref next, _heartbeatDeadline);
        Earliest(ref next, _reconfigDeadline);
        if (next is null || next == _armedFor)
        {
            return;
        }

        var due = next.Value - Now;
        _armedFor = next;
        _timer.Change(due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
    }

    private static void Earliest(ref DateTimeOffset? current, DateTimeOffset? candidate)
    {
        if (candidate is not null && (current is null || candidate < current))
        {
            current = candidate;
        }
    }

    private void HandleShutdownRequest()
    {
        if (_terminated)
        {
            return;
        }

        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            Terminate(null);
            return;
        }

        if (_state == SctpAssociationState.Established)
        {
            SetState(SctpAssociationState.ShutdownPending);
        }
    }

    private bool AllDataAcked => _sendQueue.Count == 0 && _outstanding.Count == 0;

    /// <summary>§9.2: SHUTDOWN / SHUTDOWN-ACK go out only after all our data is acknowledged.</summary>
    private void CheckShutdownProgress()
    {
        if (_terminated || !AllDataAcked)
        {
            return;
        }

        if (_state == SctpAssociationState.ShutdownPending)
        {
            SetState(SctpAssociationState.ShutdownSent);
            _t2Retransmits = 0;
            SendShutdownChunk();
        }
        else if (_state == SctpAssociationState.ShutdownReceived)
        {
            SetState(SctpAssociationState.ShutdownAckSent);
            _t2Retransmits = 0;
            SendShutdownChunk();
        }
    }

    private void SendShutdownChunk()
    {
        if (_state == SctpAssociationState.ShutdownSent)
        {
            var shutdown = new ShutdownChunk(_tracker!.CumulativeTsn);
            _out.Commit(shutdown.Write(_out.Claim(_peerTag, ShutdownChunk.Size)));
        }
        else
        {
            _out.Commit(new EmptyChunk(SctpChunkType.ShutdownAck).Write(_out.Claim(_peerTag, EmptyChunk.Size)));
        }

        _t2Deadline = Now + _rto;
    }

    private void OnT2Expired()
    {
        _t2Deadline = null;
        if (_state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        if (++_t2Retransmits > _options.MaxInitRetransmits)
        {
            AbortWithCause("shutdown timed out");
            return;
        }

        _rto = Min(_rto * 2, _options.RtoMax);
        SendShutdownChunk();
    }

    private void HandleShutdown(ReadOnlySpan<byte> data)
    {
        if (!ShutdownChunk.TryRead(data, out var shutdown, out _) || !CanReceiveSack())
        {
            return;
        }

        // The cumulative TSN ack in SHUTDOWN acts like a SACK without gaps (§9.2).
        var sack = new SackChunk(shutdown.CumulativeTsnAck, (uint)Math.Max(0, _peerRwnd + _flight), [], []);
        Span<byte> buffer = stackalloc byte[SackChunk.FixedSize];
        sack.Write(buffer);
        HandleSack(buffer);
        _acceptingSends = false;
        if (_state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending)
        {
            SetState(SctpAssociationState.ShutdownReceived);
        }
        else if (_state == SctpAssociationState.ShutdownSent)
        {
            SetState(SctpAssociationState.ShutdownAckSent);
            SendShutdownChunk();
        }
    }

    private void HandleShutdownAck()
    {
        if (_state is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            _out.Commit(new EmptyChunk(SctpChunkType.ShutdownComplete).Write(_out.Claim(_peerTag, EmptyChunk.Size)));
            _out.Flush();
            Terminate(null);
        }
    }

    private void HandleShutdownComplete()
    {
        if (_state == SctpAssociationState.ShutdownAckSent)
        {
            Terminate(null);
        }
    }
}
