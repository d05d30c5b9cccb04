using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Sctp.Chunks;
using StreamSwarm.WebRtc.Sctp.Parameters;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Stream reset (RFC 6525), what closing a data channel uses (RFC 8831 §6.7): we answer an
/// Outgoing SSN Reset Request with Success once every TSN up to the sender's last assigned TSN
/// arrived (deferred otherwise, §5.2.2), and send our own requests one at a time.
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly List<ushort> _pendingOutgoingResets = [];
    private uint _reconfigRequestSeq;
    private uint _peerLastRequestSeq;
    private OutgoingSsnResetRequestParameter? _reconfigInFlight;
    private OutgoingSsnResetRequestParameter? _deferredIncoming;
    private ReconfigurationResponseParameter? _lastResponse;

    private void HandleResetStreamsRequest(ushort[] streamIds)
    {
        foreach (var id in streamIds)
        {
            if (!_pendingOutgoingResets.Contains(id))
            {
                _pendingOutgoingResets.Add(id);
            }
        }
    }

    private bool IsBlockedByReset(ushort streamId) =>
        _reconfigInFlight is { } r && Array.IndexOf(r.Streams, streamId) >= 0;

    private void TrySendReconfigRequest()
    {
        if (_pendingOutgoingResets.Count == 0 || _reconfigInFlight is not null)
        {
            return;
        }

        if (!_peerSupportsReconfig)
        {
            _logger.LogWarning("SCTP: peer does not support RE-CONFIG; stream reset dropped");
            _pendingOutgoingResets.Clear();
            return;
        }

        // Messages queued before the reset go first: they belong to the old stream incarnation.
        foreach (var m in _sendQueue)
        {
            if (_pendingOutgoingResets.Contains(m.StreamId))
            {
                return;
            }
        }

        _reconfigInFlight = new OutgoingSsnResetRequestParameter(_reconfigRequestSeq, _peerLastRequestSeq, _nextTsn - 1, [.. _pendingOutgoingResets]);
        _pendingOutgoingResets.Clear();
        SendReconfigRequest();
    }

    private void SendReconfigRequest()
    {
        var chunk = new ReConfigChunk(_reconfigInFlight, null);
        _out.Commit(chunk.Write(_out.Claim(_peerTag, chunk.GetSize())));
        _reconfigDeadline = Now + _rto;
    }

    private void OnReconfigTimer()
    {
        _reconfigDeadline = null;
        if (_reconfigInFlight is not null && CanSendData)
        {
            SendReconfigRequest();
        }
    }

    private void HandleReConfig(ReadOnlySpan<byte> data)
    {
        if (_tracker is null || !ReConfigChunk.TryRead(data, out var chunk, out _))
        {
            return;
        }

        if (chunk!.OutgoingRequest is { } request)
        {
            HandleIncomingResetRequest(request);
        }

        if (chunk.OtherRequestSequence is { } other)
        {
            if (other == _peerLastRequestSeq + 1)
            {
                _peerLastRequestSeq = other;
            }

            SendReconfigResponse(new ReconfigurationResponseParameter(other, ReconfigurationResult.Denied));
        }

        if (chunk.Response is { } response && _reconfigInFlight is { } inFlight && response.ResponseSequence == inFlight.RequestSequence)
        {
            HandleResetResponse(inFlight, response.Result);
        }
    }

    private void HandleIncomingResetRequest(OutgoingSsnResetRequestParameter request)
    {
        if (request.RequestSequence == _peerLastRequestSeq + 1)
        {
            _peerLastRequestSeq = request.RequestSequence;
            _deferredIncoming = request;
            if (!ApplyDeferredReset())
            {
                SendReconfigResponse(new ReconfigurationResponseParameter(request.RequestSequence, ReconfigurationResult.InProgress));
            }
        }
        else if (request.RequestSequence == _peerLastRequestSeq)
        {
            // A retransmission: repeat what we said, or that we are still waiting for data.
            SendReconfigResponse(_deferredIncoming is not null
                ? new ReconfigurationResponseParameter(request.RequestSequence, ReconfigurationResult.InProgress)
                : _lastResponse ?? new ReconfigurationResponseParameter(request.RequestSequence, ReconfigurationResult.SuccessNothingToDo));
        }
        else
        {
            SendReconfigResponse(new ReconfigurationResponseParameter(request.RequestSequence, ReconfigurationResult.ErrorBadSequenceNumber));
        }
    }

    /// <summary>Applies a deferred incoming reset once the cumulative TSN reached its last assigned TSN.</summary>
    private bool ApplyDeferredReset()
    {
        if (_deferredIncoming is not { } request || _tracker is null || Tsn.Lt(_tracker.CumulativeTsn, request.SenderLastAssignedTsn))
        {
            return false;
        }

        _deferredIncoming = null;
        _reassembly.ResetStreams(request.Streams);
        var response = new ReconfigurationResponseParameter(request.RequestSequence, ReconfigurationResult.SuccessPerformed);
        _lastResponse = response;
        SendReconfigResponse(response);
        foreach (var id in request.Streams)
        {
            StreamReset?.Invoke(id);
        }

        return true;
    }

    private void SendReconfigResponse(ReconfigurationResponseParameter response)
    {
        var chunk = new ReConfigChunk(null, response);
        _out.Commit(chunk.Write(_out.Claim(_peerTag, chunk.GetSize())));
    }

    private void HandleResetResponse(OutgoingSsnResetRequestParameter inFlight, ReconfigurationResult result)
    {
        if (result == ReconfigurationResult.InProgress)
        {
            // The peer waits for our data; ask again after an RTO (RFC 6525 §5.2.2).
            _reconfigDeadline = Now + _rto;
            return;
        }

        _reconfigInFlight = null;
        _reconfigDeadline = null;
        _reconfigRequestSeq++;
        if (result is ReconfigurationResult.SuccessPerformed or ReconfigurationResult.SuccessNothingToDo)
        {
            foreach (var id in inFlight.Streams)
            {
                _nextSsn.Remove(id);
                OutgoingStreamResetCompleted?.Invoke(id);
            }
        }
        else
        {
            _logger.LogWarning("SCTP: peer refused stream reset ({Result})", result);
        }
    }
}
