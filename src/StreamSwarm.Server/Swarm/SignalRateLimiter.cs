namespace StreamSwarm.Server.Swarm;

/// <summary>
/// A token bucket per connection: <c>rate</c> tokens a second up to <c>burst</c>. Signalling is
/// cheap per message but a peer in a loop must not flood the hub or its neighbours.
/// </summary>
public sealed class SignalRateLimiter(int ratePerSecond, int burst, TimeProvider time)
{
    private readonly object _gate = new();
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public bool TryAcquire()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * ratePerSecond));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
