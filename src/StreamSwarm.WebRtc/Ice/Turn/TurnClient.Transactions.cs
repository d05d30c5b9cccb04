using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice.Turn;

/// <summary>Requests with retransmission and the long-term credential challenge.</summary>
internal sealed partial class TurnClient
{
    /// <summary>
    /// Sends an authenticated request with retransmissions (RFC 8489 §6.2.1) and handles the
    /// long-term challenge: 401 with REALM and NONCE, or 438 Stale Nonce, is retried once with
    /// fresh credentials. Returns null on timeout.
    /// </summary>
    internal async Task<StunMessage?> RequestAsync(StunMethod method, StunAttributeAppender attributes, CancellationToken cancellationToken)
    {
        StunMessage? response = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            response = await TransactAsync(method, attributes, cancellationToken).ConfigureAwait(false);
            if (response is null || response.Class != StunClass.ErrorResponse || !response.TryGetErrorCode(out var error) ||
                error.Code is not (ErrorCodeAttribute.Unauthenticated or ErrorCodeAttribute.StaleNonce))
            {
                return response;
            }

            if (!response.TryGetString(StunAttributeType.Nonce, out var nonce))
            {
                return response;
            }

            if (response.TryGetString(StunAttributeType.Realm, out var realm))
            {
                _realm = realm;
            }
            else if (_realm is null)
            {
                return response;
            }

            if (error.Code == ErrorCodeAttribute.Unauthenticated && _nonce is not null && _key is not null && attempt > 0)
            {
                // Credentials were sent and rejected: a wrong password, not a challenge.
                return response;
            }

            _nonce = nonce;
            _key = StunCredentials.LongTermKey(_server.Username, _realm, _server.Password);
        }

        return response;
    }

    private async Task<StunMessage?> TransactAsync(StunMethod method, StunAttributeAppender attributes, CancellationToken cancellationToken)
    {
        var id = StunTransactionId.NewRandom();
        byte[] buffer = new byte[1024];
        int length = Build(buffer, method, id, attributes);
        var waiter = new TaskCompletionSource<StunMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = waiter;
        try
        {
            int rto = _server.RequestInitialRtoMs;
            for (int i = 0; i < _server.RequestMaxTransmissions; i++)
            {
                _socket.Send(buffer.AsSpan(0, length), _serverAddress);
                var delay = Task.Delay(TimeSpan.FromMilliseconds(rto), _time, cancellationToken);
                if (await Task.WhenAny(waiter.Task, delay).ConfigureAwait(false) == waiter.Task)
                {
                    return await waiter.Task.ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
                rto = Math.Min(rto * 2, 3000);
            }

            return null;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private int Build(Span<byte> buffer, StunMethod method, StunTransactionId id, StunAttributeAppender attributes)
    {
        var w = new StunMessageWriter(buffer, method, StunClass.Request, id);
        attributes(ref w);
        if (_nonce is not null && _realm is not null && _key is not null)
        {
            w.AddString(StunAttributeType.Username, _server.Username);
            w.AddString(StunAttributeType.Realm, _realm);
            w.AddString(StunAttributeType.Nonce, _nonce);
            w.AddMessageIntegrity(_key);
        }

        w.AddFingerprint();
        return w.Length;
    }
}
