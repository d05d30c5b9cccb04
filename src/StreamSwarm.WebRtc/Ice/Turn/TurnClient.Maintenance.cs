using System.Net;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice.Turn;

/// <summary>Keeping the allocation, permissions and channels alive (RFC 8656 §7.3, §9, §12).</summary>
internal sealed partial class TurnClient
{
    private void UpdateLifetime(StunMessage response)
    {
        if (response.TryGetUInt32(StunAttributeType.Lifetime, out uint lifetime))
        {
            LifetimeSeconds = lifetime;
            _allocationExpiresMs = NowMs + (lifetime * 1000L);
        }
    }

    /// <summary>
    /// Keeps the allocation, permissions (5 min, RFC 8656 §9) and channels (10 min, §12) alive:
    /// refresh the allocation a minute (or half its lifetime) before it expires, permissions
    /// after 4 min, channels after 9 min.
    /// </summary>
    private async Task MaintainAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), _time, token).ConfigureAwait(false);
                long now = NowMs;
                long margin = Math.Min(60_000, LifetimeSeconds * 500L);
                if (now >= _allocationExpiresMs - margin)
                {
                    await RefreshAsync((uint)_server.RequestedLifetimeSeconds, token).ConfigureAwait(false);
                }

                List<IPEndPoint> permissions = [];
                List<IPEndPoint> channels = [];
                lock (_gate)
                {
                    foreach (var (address, permission) in _permissions)
                    {
                        if (permission.Installed && now - permission.RefreshedMs >= 240_000)
                        {
                            permission.RefreshedMs = now;
                            permissions.Add(new IPEndPoint(address, 0));
                        }
                    }

                    foreach (var (peer, channel) in _channelsByPeer)
                    {
                        if (channel.Bound && now - channel.RefreshedMs >= 540_000)
                        {
                            channel.RefreshedMs = now;
                            channels.Add(peer);
                        }
                    }
                }

                foreach (var peer in permissions)
                {
                    await RequestAsync(StunMethod.CreatePermission, (ref StunMessageWriter w) =>
                        w.AddXorAddress(StunAttributeType.XorPeerAddress, peer), token).ConfigureAwait(false);
                }

                foreach (var peer in channels)
                {
                    await BindChannelAsync(peer, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
