namespace StreamSwarm.WebRtc.Ice;

/// <summary>Selection and consent freshness (RFC 7675) of the selected pair.</summary>
public sealed partial class IceAgent
{
    private void SelectIfBetter(CandidatePair pair, long now)
    {
        var selected = _selected;
        if (selected is null || !_pairs.Contains(selected) || pair.Priority > selected.Priority)
        {
            Select(pair, now);
        }
    }

    private void Select(CandidatePair pair, long now)
    {
        if (_selected == pair)
        {
            return;
        }

        _selected = pair;
        // RFC 8445 §8.1.2 / §8.3.1: with a nominated pair, pairs not yet checked are abandoned;
        // checks the peer triggers later still revive them.
        foreach (var p in _pairs)
        {
            if (p.State is CandidatePairState.Frozen or CandidatePairState.Waiting)
            {
                p.State = CandidatePairState.Failed;
            }
        }

        _consentBaseMs = now;
        _nextConsentMs = now + ConsentInterval();
        Log.Selected(_logger, pair.ToString(), _role);
        var info = new IceCandidatePairInfo(pair.Local.Candidate, pair.Remote.Candidate);
        _events.Add(() => SelectedPairChanged?.Invoke(info));
        SetState(IceConnectionState.Connected);
    }

    /// <summary>RFC 7675 §5.1: a check every 0.8–1.2 × the interval; expiry after the timeout without any response.</summary>
    private void MaintainConsent(long now)
    {
        var pair = _selected!;
        if (_remote is not null && now >= _nextConsentMs)
        {
            _nextConsentMs = now + ConsentInterval();
            var t = CreateCheck(pair, TransactionKind.Consent, useCandidate: false);
            _transactions[t.Id] = t;
            Transmit(t, now);
        }

        long lastResponse = Math.Max(pair.LastResponseReceivedMs, _consentBaseMs);
        if (now - lastResponse >= _options.ConsentTimeoutMs)
        {
            Log.ConsentExpired(_logger, pair.ToString());
            _selected = null;
            SetState(IceConnectionState.Failed);
            return;
        }

        // Liveness for Disconnected also counts the peer's requests (str0m#848: a pair that still
        // receives valid requests is alive), consent itself only our responses.
        long lastHeard = Math.Max(lastResponse, pair.LastRequestReceivedMs);
        if (now - lastHeard >= _options.DisconnectedTimeoutMs)
        {
            SetState(IceConnectionState.Disconnected);
        }
        else if (_state == IceConnectionState.Disconnected)
        {
            SetState(IceConnectionState.Connected);
        }
    }

    private long ConsentInterval() => (long)(_options.ConsentIntervalMs * (0.8 + (0.4 * Random.Shared.NextDouble())));
}
